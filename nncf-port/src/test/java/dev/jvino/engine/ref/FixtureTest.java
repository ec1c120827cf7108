package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Convolution.ConvolutionAttrs;
import dev.jvino.engine.ref.Fixtures.Case;
import dev.jvino.engine.ref.Normalization.EpsMode;
import dev.jvino.engine.ref.Normalization.MvnAttrs;
import dev.jvino.engine.ref.Pooling.AvgPoolAttrs;
import dev.jvino.engine.ref.Pooling.MaxPoolAttrs;
import dev.jvino.engine.ref.Pooling.RoundingType;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution, pooling, MVN and SDPA against outputs computed independently with numpy. */
class FixtureTest {
  static List<Case> conv() {
    return Fixtures.cases("conv");
  }

  static List<Case> mvn() {
    return Fixtures.cases("mvn");
  }

  static List<Case> sdpa() {
    return Fixtures.cases("sdpa");
  }

  static List<Case> pool() {
    return Fixtures.cases("pool");
  }

  @ParameterizedTest
  @MethodSource("conv")
  void convolution(Case c) {
    NdArray x = Fixtures.npy("conv", c.name() + "_x.npy");
    NdArray w = Fixtures.npy("conv", c.name() + "_w.npy");
    ConvolutionAttrs attrs = new ConvolutionAttrs(c.longs("strides"), c.longs("pads_begin"),
        c.longs("pads_end"), c.longs("dilations"), AutoPad.parse("Convolution-1", c.attrs().get("auto_pad")));
    NdArray y = Boolean.parseBoolean(c.attrs().get("group"))
        ? Convolution.groupConvolution(x, w, attrs)
        : Convolution.convolution(x, w, attrs);
    Fixtures.assertClose(Fixtures.npy("conv", c.name() + "_y.npy"), y, 1e-5, 1e-5, c.name());
  }

  @ParameterizedTest
  @MethodSource("mvn")
  void mvn(Case c) {
    NdArray x = Fixtures.npy("mvn", c.name() + "_x.npy");
    MvnAttrs attrs = new MvnAttrs(Boolean.parseBoolean(c.attrs().get("normalize_variance")),
        Double.parseDouble(c.attrs().get("eps")), EpsMode.parse("MVN-6", c.attrs().get("eps_mode")));
    NdArray y = Normalization.mvn(x, NdArray.vector(c.longs("axes")), attrs);
    Fixtures.assertClose(Fixtures.npy("mvn", c.name() + "_y.npy"), y, 1e-6, 1e-6, c.name());
  }

  @ParameterizedTest
  @MethodSource("sdpa")
  void sdpa(Case c) {
    String n = c.name();
    NdArray mask = Fixtures.exists("sdpa", n + "_mask.npy") ? Fixtures.npy("sdpa", n + "_mask.npy") : null;
    NdArray scale = Fixtures.exists("sdpa", n + "_scale.npy") ? Fixtures.npy("sdpa", n + "_scale.npy") : null;
    NdArray y = Attention.scaledDotProductAttention(Fixtures.npy("sdpa", n + "_q.npy"),
        Fixtures.npy("sdpa", n + "_k.npy"), Fixtures.npy("sdpa", n + "_v.npy"), mask, scale,
        Boolean.parseBoolean(c.attrs().get("causal")));
    Fixtures.assertClose(Fixtures.npy("sdpa", n + "_y.npy"), y, 1e-5, 1e-5, n);
  }

  @ParameterizedTest
  @MethodSource("pool")
  void pooling(Case c) {
    NdArray x = Fixtures.npy("pool", c.name() + "_x.npy");
    String op = "MaxPool-14";
    RoundingType rounding = RoundingType.parse(op, c.attrs().get("rounding_type"));
    AutoPad autoPad = AutoPad.parse(op, c.attrs().get("auto_pad"));
    NdArray y;
    if (c.attrs().get("kind").equals("max")) {
      MaxPoolAttrs a = new MaxPoolAttrs(c.longs("strides"), c.longs("dilations"), c.longs("pads_begin"),
          c.longs("pads_end"), c.longs("kernel"), rounding, autoPad, ElementType.I64, 0);
      Pooling.MaxPoolResult r = Pooling.maxPool(x, a);
      y = r.values();
      // every index points at an input element equal to the pooled value
      for (int i = 0; i < y.size(); i++) {
        assertEquals(y.floats()[i], x.floats()[(int) r.indices().longs()[i]], c.name() + " index " + i);
      }
    } else {
      AvgPoolAttrs a = new AvgPoolAttrs(c.longs("strides"), c.longs("pads_begin"), c.longs("pads_end"),
          c.longs("kernel"), Boolean.parseBoolean(c.attrs().get("exclude_pad")), rounding, autoPad);
      y = Pooling.avgPool(x, a);
    }
    Fixtures.assertClose(Fixtures.npy("pool", c.name() + "_y.npy"), y, 1e-6, 1e-6, c.name());
  }

  static List<Case> matmul() {
    return Fixtures.cases("matmul");
  }

  static List<Case> stridedSlice() {
    return Fixtures.cases("strided_slice");
  }

  @ParameterizedTest
  @MethodSource("matmul")
  void matMul(Case c) {
    NdArray y = MatMul.matMul(Fixtures.npy("matmul", c.name() + "_a.npy"), Fixtures.npy("matmul", c.name() + "_b.npy"),
        new MatMul.MatMulAttrs(Boolean.parseBoolean(c.attrs().get("transpose_a")),
            Boolean.parseBoolean(c.attrs().get("transpose_b"))));
    Fixtures.assertClose(Fixtures.npy("matmul", c.name() + "_y.npy"), y, 1e-5, 1e-5, c.name());
  }

  @ParameterizedTest
  @MethodSource("stridedSlice")
  void stridedSlice(Case c) {
    NdArray y = Slicing.stridedSlice(Fixtures.npy("strided_slice", c.name() + "_x.npy"),
        NdArray.vector(c.longs("begin")), NdArray.vector(c.longs("end")), NdArray.vector(c.longs("stride")),
        new Slicing.StridedSliceAttrs(c.longs("begin_mask"), c.longs("end_mask"), c.longs("new_axis_mask"),
            c.longs("shrink_axis_mask"), c.longs("ellipsis_mask")));
    NdArray expected = Fixtures.npy("strided_slice", c.name() + "_y.npy");
    assertArrayEquals(expected.shape(), y.shape(), c.name() + " " + c.attrs());
    assertArrayEquals(expected.floats(), y.floats(), c.name() + " " + c.attrs());
  }
}
