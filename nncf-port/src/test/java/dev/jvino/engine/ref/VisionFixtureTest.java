package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ref.Fixtures.Case;
import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels of {@link VisionKernels}, run through {@link KernelRegistry#evaluate} with the IR
 * attributes of each case, against the numpy outputs of {@code tools/fixtures/gen_vision_fixtures.py}.
 */
class VisionFixtureTest {
  private static final String G = "vision/";

  static List<Case> interpolate() {
    return Fixtures.cases(G + "interpolate");
  }

  static List<Case> batchnorm() {
    return Fixtures.cases(G + "batchnorm");
  }

  static List<Case> normalizeL2() {
    return Fixtures.cases(G + "normalize_l2");
  }

  static List<Case> spaceDepth() {
    return Fixtures.cases(G + "space_depth");
  }

  static List<Case> cumsum() {
    return Fixtures.cases(G + "cumsum");
  }

  static List<Case> reduce() {
    return Fixtures.cases(G + "reduce");
  }

  static List<Case> groupDeconv() {
    return Fixtures.cases(G + "group_deconv");
  }

  /** The case's IR attributes: everything but the {@code in_*} inputs and the test's own keys. */
  private static Map<String, String> irAttrs(Case c) {
    Map<String, String> m = new LinkedHashMap<>(c.attrs());
    m.keySet().removeIf(k -> k.startsWith("in_") || k.equals("v") || k.equals("op"));
    return m;
  }

  private static NdArray longs(Case c, String key) {
    return NdArray.vector(c.attrs().get(key).isEmpty() ? new long[0] : c.longs(key));
  }

  private static NdArray npy(String group, Case c, String input) {
    return Fixtures.npy(G + group, c.name() + "_" + input + ".npy");
  }

  private static NdArray run(String type, int version, Map<String, String> attrs, NdArray... inputs) {
    List<NdArray> out = KernelRegistry.evaluate(type, version, Arrays.asList(inputs), attrs);
    assertEquals(1, out.size());
    return out.get(0);
  }

  @ParameterizedTest
  @MethodSource("interpolate")
  void interpolate(Case c) {
    int version = Integer.parseInt(c.attrs().get("v"));
    NdArray x = npy("interpolate", c, "x");
    if (version == 0) {
      NdArray y = run("Interpolate", 0, irAttrs(c), x, longs(c, "in_sizes"));
      Fixtures.assertClose(npy("interpolate", c, "y"), y, 2e-5, 2e-5, c.name());
      return;
    }
    NdArray axes = longs(c, "in_axes");
    NdArray sizes = c.attrs().containsKey("in_sizes") ? longs(c, "in_sizes") : null;
    NdArray scales = null;
    if (c.attrs().containsKey("in_scales")) {
      String[] parts = c.attrs().get("in_scales").split(",");
      float[] f = new float[parts.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = Float.parseFloat(parts[i]);
      }
      scales = NdArray.f32(new long[] {f.length}, f);
    }
    boolean bySizes = c.attrs().get("shape_calculation_mode").equals("sizes");
    NdArray y = version == 11
        ? run("Interpolate", 11, irAttrs(c), x, bySizes ? sizes : scales, axes)
        : run("Interpolate", 4, irAttrs(c), x, sizes, scales, axes);
    Fixtures.assertClose(npy("interpolate", c, "y"), y, 2e-5, 2e-5, c.name());
  }

  @ParameterizedTest
  @MethodSource("batchnorm")
  void batchNormInference(Case c) {
    NdArray x = npy("batchnorm", c, "x");
    NdArray g = npy("batchnorm", c, "gamma");
    NdArray b = npy("batchnorm", c, "beta");
    NdArray m = npy("batchnorm", c, "mean");
    NdArray v = npy("batchnorm", c, "var");
    NdArray expected = npy("batchnorm", c, "y");
    Fixtures.assertClose(expected, run("BatchNormInference", 5, irAttrs(c), x, g, b, m, v), 1e-5, 1e-5, c.name());
    // version 0 takes gamma and beta before the data
    Fixtures.assertClose(expected, run("BatchNormInference", 0, irAttrs(c), g, b, x, m, v), 1e-5, 1e-5, c.name());
  }

  @ParameterizedTest
  @MethodSource("normalizeL2")
  void normalizeL2(Case c) {
    NdArray y = run("NormalizeL2", 0, irAttrs(c), npy("normalize_l2", c, "x"), longs(c, "in_axes"));
    Fixtures.assertClose(npy("normalize_l2", c, "y"), y, 1e-6, 1e-5, c.name());
  }

  @ParameterizedTest
  @MethodSource("spaceDepth")
  void spaceDepth(Case c) {
    NdArray y = run(c.attrs().get("op"), 0, irAttrs(c), npy("space_depth", c, "x"));
    assertEquals(npy("space_depth", c, "y"), y, c.name());
  }

  @ParameterizedTest
  @MethodSource("cumsum")
  void cumSum(Case c) {
    NdArray y = run("CumSum", 3, irAttrs(c), npy("cumsum", c, "x"), NdArray.scalarLong(c.longs("in_axis")[0]));
    Fixtures.assertClose(npy("cumsum", c, "y"), y, 1e-5, 1e-5, c.name());
  }

  @ParameterizedTest
  @MethodSource("reduce")
  void reduce(Case c) {
    String op = c.attrs().get("op");
    int version = op.equals("ReduceL1") || op.equals("ReduceL2") ? 4 : 1;
    NdArray y = run(op, version, irAttrs(c), npy("reduce", c, "x"), longs(c, "in_axes"));
    NdArray expected = npy("reduce", c, "y");
    if (op.startsWith("ReduceLogical")) {
      assertEquals(expected, y, c.name());
    } else {
      Fixtures.assertClose(expected, y, 1e-5, 1e-5, c.name());
    }
  }

  @ParameterizedTest
  @MethodSource("groupDeconv")
  void groupConvolutionBackpropData(Case c) {
    List<NdArray> in = new ArrayList<>(List.of(npy("group_deconv", c, "x"), npy("group_deconv", c, "w")));
    if (c.attrs().containsKey("in_output_shape")) {
      in.add(longs(c, "in_output_shape"));
    }
    NdArray y = KernelRegistry.evaluate("GroupConvolutionBackpropData", 1, in, irAttrs(c)).get(0);
    Fixtures.assertClose(npy("group_deconv", c, "y"), y, 1e-5, 1e-5, c.name());
    NdArray w = in.get(1);
    if (w.dim(0) == 1) {
      // one group: ConvolutionBackpropData on the filters without their group axis
      in.set(1, w.reshape(Arrays.copyOfRange(w.shape(), 1, w.rank())));
      NdArray plain = KernelRegistry.evaluate("ConvolutionBackpropData", 1, in, irAttrs(c)).get(0);
      Fixtures.assertClose(npy("group_deconv", c, "y"), plain, 1e-5, 1e-5, c.name() + " (ungrouped)");
    }
  }
}
