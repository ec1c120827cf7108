package dev.jvino.nncf.compression;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.testing.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small models built with {@link Ops} for the compression tests. */
final class TestModels {
  private TestModels() {}

  static Node named(Node n, String name) {
    n.setName(name);
    return n;
  }

  static Output i64(long v) {
    return Ops.constant(ConstantData.i64Scalar(v)).output();
  }

  /** Deterministic values in [-amplitude, amplitude). */
  static float[] values(int n, long seed, float amplitude) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * amplitude);
    }
    return v;
  }

  static Node weight(String name, long[] shape, long seed, float amplitude) {
    int n = (int) PartialShape.elementCount(shape);
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, values(n, seed, amplitude)));
  }

  /** NNCF's IntegerModel (tests/openvino/native/models.py) with the given weights. */
  static Model integerModel(int dim2, int dim3, Map<String, float[]> w) {
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, dim2, 1));
    Node convert1 = named(Ops.convert(input.output(), ElementType.I64), "Convert_1");
    Node gather1 = named(Ops.gather(convert1.output(), i64(0), 0, 0), "Gather_1");
    Node g2data = Ops.constant("gather_2_data", ConstantData.ofFloats(ElementType.F32, new long[] {3, dim3},
        w.get("gather_2_data")));
    Node gather2 = named(Ops.gather(g2data.output(), gather1.output(), 0, 0), "Gather_2");
    Node gather3 = named(Ops.gather(gather2.output(), i64(2), 0, 0), "Gather_3");
    Node m1data = Ops.constant("matmul_1_data", ConstantData.ofFloats(ElementType.F32, new long[] {dim3, dim3},
        w.get("matmul_1_data")));
    Node matmul1 = named(Ops.matMul(gather3.output(), m1data.output(), false, true), "MatMul_1");
    Node gather4 = named(Ops.gather(input.output(), i64(0), 2, 0), "Gather_4");
    Node m2data = Ops.constant("matmul_2_data", ConstantData.ofFloats(ElementType.F32, new long[] {dim3, dim2},
        w.get("matmul_2_data")));
    Node matmul2 = named(Ops.matMul(gather4.output(), m2data.output(), false, true), "MatMul_2");
    Node add = named(Ops.add(matmul1.output(), matmul2.output()), "Add_1");
    Node result = named(Ops.result(add.output()), "Result");
    return new Model("IntegerModel", List.of(input), List.of(result));
  }

  /** The IntegerModel weights written by tools/fixtures/gen_integer_model_weights.py (numpy default_rng(0)). */
  static Map<String, float[]> integerModelWeights(int dim2, int dim3) {
    try (InputStream in = TestModels.class.getResourceAsStream("/fixtures/integer_model_weights.json")) {
      Map<String, Object> root = MiniJson.obj(MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      Map<String, Object> model = MiniJson.obj(MiniJson.obj(root.get("variants")).get(dim2 + "x" + dim3));
      Map<String, float[]> out = new java.util.HashMap<>();
      for (String name : List.of("gather_2_data", "matmul_1_data", "matmul_2_data")) {
        List<Object> values = MiniJson.list(MiniJson.obj(model.get(name)).get("values"));
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((Number) values.get(i)).doubleValue();
        }
        out.put(name, v);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** x[1,64] -> MatMul(fc1 [128,64], tb) -> Relu -> MatMul(fc2 [128,128], tb) -> Relu -> MatMul(fc3 [32,128], tb). */
  static Model mlp() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 64));
    Node fc1 = named(Ops.matMul(x.output(), weight("fc1.weight", new long[] {128, 64}, 1, 1f).output(), false, true),
        "fc1");
    Node r1 = named(Ops.relu(fc1.output()), "relu1");
    Node fc2 = named(Ops.matMul(r1.output(), weight("fc2.weight", new long[] {128, 128}, 2, 1f).output(), false, true),
        "fc2");
    Node r2 = named(Ops.relu(fc2.output()), "relu2");
    Node fc3 = named(Ops.matMul(r2.output(), weight("fc3.weight", new long[] {32, 128}, 3, 1f).output(), false, true),
        "fc3");
    return new Model("mlp", List.of(x), List.of(named(Ops.result(fc3.output()), "out")));
  }

  /**
   * An LLM-shaped decoder: input_ids -> Gather(embed [100,64]) -> q_proj [64,64] -> up_proj [128,64] -> Relu
   * -> down_proj [64,128] (stored [in,out], transpose_b=false) -> Add(residual) -> lm_head [100,64].
   * {@code amplitudes} scale the q, up and down weights (their quantization errors follow).
   */
  static Model llm(float qAmp, float upAmp, float downAmp) {
    Node ids = Ops.parameter("input_ids", ElementType.I64, PartialShape.of(1, 8));
    Node embed = weight("model.embed_tokens.weight", new long[] {100, 64}, 10, 1f);
    Node emb = named(Ops.gather(embed.output(), ids.output(), 0, 0), "embed_tokens");
    Node q = named(Ops.matMul(emb.output(), weight("q_proj.weight", new long[] {64, 64}, 11, qAmp).output(), false,
        true), "q_proj");
    Node up = named(Ops.matMul(q.output(), weight("up_proj.weight", new long[] {128, 64}, 12, upAmp).output(), false,
        true), "up_proj");
    Node act = named(Ops.relu(up.output()), "act");
    Node down = named(Ops.matMul(act.output(), weight("down_proj.weight", new long[] {128, 64}, 13, downAmp).output(),
        false, false), "down_proj");
    Node res = named(Ops.add(down.output(), emb.output()), "residual");
    Node head = named(Ops.matMul(res.output(), weight("lm_head.weight", new long[] {100, 64}, 14, 1f).output(), false,
        true), "lm_head");
    return new Model("llm", List.of(ids), List.of(named(Ops.result(head.output()), "logits")));
  }

  /** x[1,3,8,8] -> Convolution(conv1.weight [8,3,3,3]) -> Relu -> GroupConvolution(dw.weight [8,1,1,3,3]) -> fc. */
  static Model convNet() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3, 8, 8));
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node conv = named(Ops.convolution(x.output(), weight("conv1.weight", new long[] {8, 3, 3, 3}, 20, 1f).output(),
        one, zero, zero, one), "conv1");
    Node relu = named(Ops.relu(conv.output()), "relu");
    Node dw = named(Ops.groupConvolution(relu.output(), weight("dw.weight", new long[] {8, 1, 1, 3, 3}, 21, 1f).output(),
        one, zero, zero, one), "dw");
    Node flat = named(Ops.reshape(dw.output(), new long[] {1, 128}, false), "flatten");
    Node fc = named(Ops.matMul(flat.output(), weight("fc.weight", new long[] {10, 128}, 22, 1f).output(), false, true),
        "fc");
    return new Model("convnet", List.of(x), List.of(named(Ops.result(fc.output()), "out")));
  }
}
