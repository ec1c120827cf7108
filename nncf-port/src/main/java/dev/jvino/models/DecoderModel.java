package dev.jvino.models;

import static dev.jvino.models.GraphBuilder.DYN;
import static dev.jvino.models.GraphBuilder.f32Scalar;
import static dev.jvino.models.GraphBuilder.filled;
import static dev.jvino.models.GraphBuilder.i64;
import static dev.jvino.models.GraphBuilder.i64Scalar;
import static dev.jvino.models.GraphBuilder.op;
import static dev.jvino.models.GraphBuilder.reduceMean;
import static dev.jvino.models.GraphBuilder.shape;
import static dev.jvino.models.GraphBuilder.slice;
import static dev.jvino.models.GraphBuilder.unsqueeze;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic LLM-shaped decoder laid out like an optimum-intel OpenVINO export of a Llama model:
 * inputs {@code input_ids}, {@code attention_mask}, {@code position_ids} (i64) and {@code beam_idx} (i32),
 * output {@code logits}, and a key/value cache per layer held in ReadValue/Assign variables (stateful), so
 * NNCF's handling of embeddings, the last layer and stateful models can be exercised without downloading
 * a model. Weights are random (seeded): the model predicts nothing meaningful, but original and compressed
 * versions can be compared exactly.
 *
 * <p>Weights are stored {@code [out, in]} and used by MatMul with {@code transpose_b}, as exporters do.
 */
public final class DecoderModel {
  private DecoderModel() {}

  private static final float NEG = -1e9f;
  private static final float RMS_EPS = 1e-6f;

  public static Model build(DecoderConfig c) {
    GraphBuilder g = new GraphBuilder(c.seed());
    int h = c.hiddenSize();
    int heads = c.heads();
    int hd = c.headSize();

    Node inputIds = Ops.parameter("input_ids", ElementType.I64, shape(DYN, DYN));
    Node attentionMask = Ops.parameter("attention_mask", ElementType.I64, shape(DYN, DYN));
    Node positionIds = Ops.parameter("position_ids", ElementType.I64, shape(DYN, DYN));
    Node beamIdx = Ops.parameter("beam_idx", ElementType.I32, shape(DYN));

    // Embedding: Gather over the vocabulary table.
    Output table = g.normal("model.embed_tokens.weight", 1.0f, c.vocabSize(), h);
    Node embed = Ops.gather(table, inputIds.output(), 0, 0);
    embed.setName("model.embed_tokens/Gather");
    Output x = embed.output();

    // Rotary tables shared by every layer: cos/sin of position * inverse frequency, [B, 1, S, hd].
    float[] invFreq = new float[hd / 2];
    for (int i = 0; i < hd / 2; i++) {
      invFreq[i] = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / hd));
    }
    Output invFreqConst = Ops.constant("model.rotary_emb.inv_freq",
        ConstantData.ofFloats(ElementType.F32, new long[] {hd / 2}, invFreq)).output();
    Output pos = Ops.convert(positionIds.output(), ElementType.F32).output();
    Output freqs = Ops.multiply(unsqueeze(pos, -1, shape(DYN, DYN, 1)), invFreqConst).output();
    Output emb = Ops.concat(List.of(freqs, freqs), -1).output();
    Output cos = unsqueeze(Ops.unary("Cos", emb).output(), 1, shape(DYN, 1, DYN, hd));
    Output sin = unsqueeze(Ops.unary("Sin", emb).output(), 1, shape(DYN, 1, DYN, hd));

    Output bias = attentionBias(positionIds.output(), attentionMask.output());

    // Empty cache [B, heads, 0, hd] as the variables' initial value.
    Output batch = Ops.gather(Ops.shapeOf(inputIds.output()).output(), i64Scalar(0), 0, 0).output();
    Output cacheShape = Ops.concat(List.of(unsqueeze(batch, 0, shape(1)), i64(heads, 0, hd)), 0).output();
    Output emptyCache = op("Broadcast", "opset3", n -> n.attributes().set("mode", "numpy"), ElementType.F32,
        shape(DYN, heads, 0, hd), f32Scalar(0f), cacheShape).output();

    List<Node> sinks = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      String p = "model.layers." + l;
      Output normed = rmsNorm(g, x, p + ".input_layernorm", h);
      Output q = heads(linear(g, normed, p + ".self_attn.q_proj", h, h), heads, hd);
      Output k = heads(linear(g, normed, p + ".self_attn.k_proj", h, h), heads, hd);
      Output v = heads(linear(g, normed, p + ".self_attn.v_proj", h, h), heads, hd);
      q = rope(q, cos, sin, hd, heads);
      k = rope(k, cos, sin, hd, heads);
      Output kAll = cached(k, emptyCache, beamIdx.output(), "past_key_values." + l + ".keypresent." + l + ".key",
          heads, hd, sinks);
      Output vAll = cached(v, emptyCache, beamIdx.output(), "past_key_values." + l + ".valuepresent." + l + ".value",
          heads, hd, sinks);
      Node sdpa = op("ScaledDotProductAttention", "opset13", n -> n.attributes().set("causal", false),
          ElementType.F32, shape(DYN, heads, DYN, hd), q, kAll, vAll, bias);
      sdpa.setName(p + ".self_attn/ScaledDotProductAttention");
      Output merged = Ops.reshape(Ops.transpose(sdpa.output(), 0, 2, 1, 3).output(), new long[] {0, 0, h}, true)
          .output();
      Output attnOut = linear(g, merged, p + ".self_attn.o_proj", h, h);
      x = Ops.add(x, attnOut).output();

      Output post = rmsNorm(g, x, p + ".post_attention_layernorm", h);
      Output gate = linear(g, post, p + ".mlp.gate_proj", c.intermediateSize(), h);
      Output up = linear(g, post, p + ".mlp.up_proj", c.intermediateSize(), h);
      Output act = Ops.multiply(op("Swish", "opset4", n -> {}, ElementType.F32, gate.shape(), gate).output(), up)
          .output();
      x = Ops.add(x, linear(g, act, p + ".mlp.down_proj", h, c.intermediateSize())).output();
    }
    Output finalNorm = rmsNorm(g, x, "model.norm", h);
    Output logits = linear(g, finalNorm, "lm_head", c.vocabSize(), h, 0.05f);
    Node result = Ops.result(logits);
    logits.names().add("logits");
    result.setName("logits/Result");
    Model m = new Model("jvino_demo_decoder",
        List.of(inputIds, attentionMask, positionIds, beamIdx), List.of(result), sinks);
    m.validate();
    return m;
  }

  /** {@code x · Wᵀ} with W {@code [out, in]} named like an exporter names it. */
  private static Output linear(GraphBuilder g, Output x, String module, int out, int in) {
    return linear(g, x, module, out, in, 0.02f * (float) Math.sqrt(256.0 / in));
  }

  private static Output linear(GraphBuilder g, Output x, String module, int out, int in, float std) {
    Output w = g.normal(module + ".weight", std, out, in);
    Node mm = Ops.matMul(x, w, false, true);
    mm.setName(module + "/MatMul");
    return mm.output();
  }

  /** RMSNorm: x / sqrt(mean(x²) + eps) * gamma, gamma initialised to ones. */
  private static Output rmsNorm(GraphBuilder g, Output x, String module, int h) {
    Output sq = Ops.multiply(x, x).output();
    Output mean = reduceMean(sq, -1, shape(DYN, DYN, 1));
    Output rms = Ops.unary("Sqrt", Ops.add(mean, f32Scalar(RMS_EPS)).output()).output();
    Output normed = Ops.divide(x, rms).output();
    return Ops.multiply(normed, filled(module + ".weight", 1f, h)).output();
  }

  /** [B, S, heads*hd] → [B, heads, S, hd]. */
  private static Output heads(Output x, int heads, int hd) {
    Output r = Ops.reshape(x, new long[] {0, 0, heads, hd}, true).output();
    return Ops.transpose(r, 0, 2, 1, 3).output();
  }

  /** Rotary embedding: x·cos + rotate_half(x)·sin, rotate_half(x) = concat(-x2, x1). */
  private static Output rope(Output x, Output cos, Output sin, int hd, int heads) {
    PartialShape half = shape(DYN, heads, DYN, hd / 2);
    Output x1 = slice(x, 0, hd / 2, 3, half);
    Output x2 = slice(x, hd / 2, hd, 3, half);
    Output rotated = Ops.concat(List.of(Ops.unary("Negative", x2).output(), x1), -1).output();
    return Ops.add(Ops.multiply(x, cos).output(), Ops.multiply(rotated, sin).output()).output();
  }

  /** Reads the variable, reorders it by beam, appends the new keys or values and stores the result. */
  private static Output cached(Output fresh, Output init, Output beamIdx, String variable, int heads, int hd,
      List<Node> sinks) {
    PartialShape cacheShape = shape(DYN, heads, DYN, hd);
    Node read = op("ReadValue", "opset6", n -> n.attributes().set("variable_id", variable)
        .set("variable_type", ElementType.F32).set("variable_shape", cacheShape.toIrString()),
        ElementType.F32, cacheShape, init);
    Output past = Ops.gather(read.output(), beamIdx, 0, 0).output();
    Output all = Ops.concat(List.of(past, fresh), 2).output();
    sinks.add(Ops.assign(all, variable));
    return all;
  }

  /**
   * The additive attention bias [B, 1, S, K]: 0 where key k may be seen by query q (k ≤ position of q and
   * k not padding), -1e9 elsewhere.
   */
  private static Output attentionBias(Output positionIds, Output attentionMask) {
    Output qPos = unsqueeze(positionIds, -1, shape(DYN, DYN, 1));
    Output total = Ops.gather(Ops.shapeOf(attentionMask).output(), i64Scalar(1), 0, 0).output();
    Output kPos = op("Range", "opset4", n -> n.attributes().set("output_type", ElementType.I64), ElementType.I64,
        shape(DYN), i64Scalar(0), total, i64Scalar(1)).output();
    Output causal = op("GreaterEqual", "opset1", n -> n.attributes().set("auto_broadcast", "numpy"),
        ElementType.BOOLEAN, shape(DYN, DYN, DYN), qPos, kPos).output();
    Output notPad = op("Greater", "opset1", n -> n.attributes().set("auto_broadcast", "numpy"), ElementType.BOOLEAN,
        shape(DYN, DYN), attentionMask, i64Scalar(0)).output();
    Output visibleKeys = unsqueeze(notPad, 1, shape(DYN, 1, DYN));
    Output zero = f32Scalar(0f);
    Output neg = f32Scalar(NEG);
    Output padBias = op("Select", "opset1", n -> n.attributes().set("auto_broadcast", "numpy"), ElementType.F32,
        shape(DYN, 1, DYN), visibleKeys, zero, neg).output();
    Output full = op("Select", "opset1", n -> n.attributes().set("auto_broadcast", "numpy"), ElementType.F32,
        shape(DYN, DYN, DYN), causal, padBias, neg).output();
    return unsqueeze(full, 1, shape(DYN, 1, DYN, DYN));
  }
}
