package dev.jvino.ir;

import java.util.List;
import java.util.Map;

/** Models built in code for tests (and usable by other modules' tests). */
public final class TestModels {
  private TestModels() {}

  static float[] values(int n, int seed) {
    float[] v = new float[n];
    long x = seed * 2654435761L + 1;
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      v[i] = ((x >>> 40) % 2001 - 1000) / 1000f;
    }
    return v;
  }

  static Node weight(String name, ElementType t, int seed, long... shape) {
    int n = (int) PartialShape.elementCount(shape);
    return Ops.constant(name, ConstantData.ofFloats(t, shape, values(n, seed)));
  }

  private static Node named(Node n, String name) {
    n.setName(name);
    return n;
  }

  /** x[?,16] -> MatMul(W1 [32,16]^T) + b1 -> Relu -> MatMul(W2 [4,32]^T) -> y. */
  public static Model mlp() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(-1, 16));
    Node mm1 = named(Ops.matMul(x.output(), weight("fc1.weight", ElementType.F32, 1, 32, 16).output(),
        false, true), "fc1/MatMul");
    Node add = named(Ops.add(mm1.output(), weight("fc1.bias", ElementType.F32, 2, 1, 32).output()),
        "fc1/Add");
    Node relu = named(Ops.relu(add.output()), "relu");
    Node mm2 = named(Ops.matMul(relu.output(), weight("fc2.weight", ElementType.F32, 3, 4, 32).output(),
        false, true), "fc2/MatMul");
    mm2.output().names().add("y");
    Node r = named(Ops.result(mm2.output()), "y/sink_port_0");
    return new Model("mlp", List.of(x), List.of(r));
  }

  /** image[1,3,16,16] -> Conv 3x3 -> Relu -> GroupConv (depthwise) -> Relu -> Reshape -> MatMul. */
  public static Model convNet() {
    Node x = Ops.parameter("image", ElementType.F32, PartialShape.of(1, 3, 16, 16));
    long[] one = {1, 1};
    Node c1 = named(Ops.convolution(x.output(), weight("conv1.weight", ElementType.F32, 4, 8, 3, 3, 3)
        .output(), new long[] {2, 2}, one, one, one), "conv1");
    Node r1 = Ops.relu(c1.output());
    Node dw = named(Ops.groupConvolution(r1.output(),
        weight("dw.weight", ElementType.F32, 5, 8, 1, 1, 3, 3).output(), one, one, one, one), "dw");
    Node r2 = Ops.relu(dw.output());
    Node flat = Ops.reshape(r2.output(), new long[] {1, -1}, false);
    Node fc = named(Ops.matMul(flat.output(), weight("fc.weight", ElementType.F32, 6, 10, 512).output(),
        false, true), "fc");
    Node sm = Ops.softmax(fc.output(), -1);
    sm.output().names().add("probs");
    return new Model("convnet", List.of(x), List.of(Ops.result(sm.output())));
  }

  /** One transformer block: MVN layer norm, Q/K/V projections, 2-head attention, output projection. */
  public static Model transformerBlock() {
    int hidden = 8;
    int heads = 2;
    int headDim = hidden / heads;
    Node x = Ops.parameter("hidden_states", ElementType.F32, PartialShape.of(1, -1, hidden));
    Node ln = Ops.mvn(x.output(), new long[] {-1}, true, (double) 1e-5f, "inside_sqrt");
    Node gamma = weight("ln.weight", ElementType.F32, 7, hidden);
    Node norm = Ops.multiply(ln.output(), gamma.output());
    Output q = heads(proj(norm, "q_proj", 8, hidden), heads, headDim, new long[] {0, 2, 1, 3});
    Output k = heads(proj(norm, "k_proj", 9, hidden), heads, headDim, new long[] {0, 2, 3, 1});
    Output v = heads(proj(norm, "v_proj", 10, hidden), heads, headDim, new long[] {0, 2, 1, 3});
    Node scores = Ops.matMul(q, k, false, false);
    Node scale = Ops.constant(ConstantData.f32Scalar((float) (1 / Math.sqrt(headDim))));
    Node scaled = Ops.multiply(scores.output(), scale.output());
    Node probs = Ops.softmax(scaled.output(), -1);
    Node ctx = Ops.matMul(probs.output(), v, false, false);
    Node back = Ops.transpose(ctx.output(), 0, 2, 1, 3);
    Node merged = Ops.reshape(back.output(), new long[] {0, 0, hidden}, true);
    Node o = proj(merged, "o_proj", 11, hidden);
    Node res = Ops.add(x.output(), o.output());
    res.output().names().add("block_out");
    return new Model("transformer_block", List.of(x), List.of(Ops.result(res.output())));
  }

  private static Node proj(Node in, String name, int seed, int hidden) {
    return named(Ops.matMul(in.output(), weight(name + ".weight", ElementType.F32, seed, hidden, hidden)
        .output(), false, true), name);
  }

  private static Output heads(Node in, int heads, int headDim, long[] order) {
    Node r = Ops.reshape(in.output(), new long[] {0, 0, heads, headDim}, true);
    return Ops.transpose(r.output(), order).output();
  }

  /** An LLM-shaped decoder: token embedding (Gather) -> 2 MLP layers with residuals -> lm_head. */
  public static Model llmDecoder() {
    int vocab = 32;
    int hidden = 8;
    Node ids = Ops.parameter("input_ids", ElementType.I64, PartialShape.of(-1, -1));
    Node table = weight("model.embed_tokens.weight", ElementType.F16, 12, vocab, hidden);
    Node tableF32 = Ops.convert(table.output(), ElementType.F32);
    tableF32.rtInfo().putAttribute("decompression", "0", null);
    Node emb = named(Ops.gather(tableF32.output(), ids.output(), 0, 0), "embed_tokens");
    Node h = emb;
    for (int layer = 0; layer < 2; layer++) {
      String p = "model.layers." + layer + ".mlp.";
      Node up = named(Ops.matMul(h.output(), weight(p + "up_proj.weight", ElementType.F32, 20 + layer,
          2 * hidden, hidden).output(), false, true), p + "up_proj");
      Node act = Ops.unary("Gelu", up.output());
      Node down = named(Ops.matMul(act.output(), weight(p + "down_proj.weight", ElementType.F32,
          30 + layer, hidden, 2 * hidden).output(), false, true), p + "down_proj");
      h = Ops.add(h.output(), down.output());
    }
    Node head = named(Ops.matMul(h.output(), weight("lm_head.weight", ElementType.F32, 40, vocab, hidden)
        .output(), false, true), "lm_head");
    head.output().names().add("logits");
    Model m = new Model("llm", List.of(ids), List.of(Ops.result(head.output())));
    m.rtInfo().putValue("model_type", "toy-decoder");
    return m;
  }

  /** A stateful model: state = ReadValue(zeros); new = state + x; Assign(new); y = new * 2. */
  public static Model stateful() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4));
    Node init = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 4}, new float[4]));
    Node rv = named(Ops.readValue(init.output(), "cache"), "read_cache");
    Node sum = Ops.add(rv.output(), x.output());
    Node as = named(Ops.assign(sum.output(), "cache"), "write_cache");
    Node two = Ops.constant(ConstantData.f32Scalar(2f));
    Node y = Ops.multiply(sum.output(), two.output());
    y.output().names().add("y");
    return new Model("stateful", List.of(x), List.of(Ops.result(y.output())), List.of(as));
  }

  /** A Loop that adds 1 to x three times: body x_out = x_in + 1 with a back edge. */
  public static Model loop() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2));
    Node trip = Ops.constant(ConstantData.i64Scalar(3));
    Node cond = Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[0], 1));
    // body
    Node xin = Ops.parameter("x_in", ElementType.F32, PartialShape.of(2));
    Node one = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1}, 1f));
    Node add = Ops.add(xin.output(), one.output());
    Node bodyCond = Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[0], 1));
    Node condOut = Ops.result(bodyCond.output());
    Node xout = Ops.result(add.output());
    Model body = new Model("", List.of(xin), List.of(condOut, xout));
    Node loop = Ops.node("Loop", "opset5", List.of(trip.output(), cond.output(), x.output()));
    loop.setName("loop");
    loop.addOutput(ElementType.F32, PartialShape.of(2)).names().add("y");
    loop.bodies().add(new SubgraphBody("body", "port_map", body, List.of(
        new SubgraphBody.PortMapping(true, 2, xin, Map.of()),
        new SubgraphBody.PortMapping(false, 3, xout, Map.of()),
        new SubgraphBody.PortMapping(false, -1, condOut, Map.of("purpose", "execution_condition"))),
        List.of(new SubgraphBody.BackEdge(xout, -1, xin, -1))));
    return new Model("loop", List.of(x), List.of(Ops.result(loop.output())));
  }

  /** An If-8: y = cond ? relu(x) : -x, with then/else bodies and port maps. */
  public static Model ifModel() {
    Node cond = Ops.parameter("cond", ElementType.BOOLEAN, PartialShape.of());
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(3));
    Node tp = Ops.parameter("then_x", ElementType.F32, PartialShape.of(3));
    Node tr = Ops.result(Ops.relu(tp.output()).output());
    Node ep = Ops.parameter("else_x", ElementType.F32, PartialShape.of(3));
    Node er = Ops.result(Ops.unary("Negative", ep.output()).output());
    Node iff = Ops.node("If", "opset8", List.of(cond.output(), x.output()));
    iff.setName("if");
    iff.addOutput(ElementType.F32, PartialShape.of(3)).names().add("y");
    iff.bodies().add(new SubgraphBody("then_body", "then_port_map", new Model("", List.of(tp), List.of(tr)),
        List.of(new SubgraphBody.PortMapping(true, 1, tp, Map.of()),
            new SubgraphBody.PortMapping(false, 2, tr, Map.of())), List.of()));
    iff.bodies().add(new SubgraphBody("else_body", "else_port_map", new Model("", List.of(ep), List.of(er)),
        List.of(new SubgraphBody.PortMapping(true, 1, ep, Map.of()),
            new SubgraphBody.PortMapping(false, 2, er, Map.of())), List.of()));
    return new Model("if", List.of(cond, x), List.of(Ops.result(iff.output())));
  }
}
