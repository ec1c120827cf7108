package dev.jvino.nncf.quantization;

import dev.jvino.engine.ref.Broadcasting;
import dev.jvino.engine.ref.Quantization;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenVINO's {@code compress_quantize_weights_transformation} ({@code CompressWeightsWithFakeQuantize} and
 * {@code CompressWeightsWithFakeConvert}), re-implemented from its formulas. It runs after NNCF's
 * quantization unless {@code backend_params["compress_weights"]} is false.
 *
 * <p><b>FakeQuantize</b> of a Constant (or of a Convert of a Constant) with Constant ranges and 17 to 256
 * levels becomes
 *
 * <pre>
 * Constant (i8, or u8 when every output bound is >= 0) -> Convert(type) [-> Subtract(zero point)]
 *   -> Multiply[fq name](scale)
 * </pre>
 *
 * with, per element of the broadcast output bounds, {@code scale = (oh - ol) / (levels - 1)} and
 * {@code zp = newLow - ol / scale} ({@code newLow = -levels/2}, or 0 for u8). The codes are the
 * FakeQuantize of the weight onto {@code [newLow, newLow + levels - 1]} rounded half to even. The zero
 * point is dropped when every |zp| is below float32 epsilon, or when it can be folded into the codes
 * (every {@code code - zp} within 1e-4 of an integer; the codes then become those integers).
 *
 * <p><b>FakeConvert</b> of a weight becomes {@code Constant(f8: weight * scale [- shift]) -> Convert(type)
 * [-> Subtract(-shift)] -> Multiply[fc name](1 / scale)}.
 *
 * <p>FakeQuantizes with 16 levels or fewer (i4/u4 storage) and with a dequantization subgraph already
 * after them are left as they are.
 */
public final class CompressQuantizeWeights {
  private static final float FLT_EPSILON = Math.ulp(1.0f);

  private CompressQuantizeWeights() {}

  /**
   * Compresses every eligible weight quantizer of {@code model} in place.
   *
   * @return the names of the quantizers replaced
   */
  public static List<String> apply(Model model) {
    List<String> done = new ArrayList<>();
    for (Node n : model.ops()) {
      boolean ok = switch (n.type()) {
        case "FakeQuantize" -> compressFakeQuantize(model, n);
        case "FakeConvert" -> compressFakeConvert(model, n);
        default -> false;
      };
      if (ok) {
        done.add(n.name());
      }
    }
    return done;
  }

  /** The weight a quantizer reads, in the quantizer's element type, if it is a (converted) constant. */
  private static NdArray weight(Node q) {
    Node src = q.inputNode(0);
    ElementType type = q.input(0).elementType();
    Node constant = src.is("Convert") ? src.inputNode(0) : src;
    if (!constant.is("Constant") || !type.isFloatingPoint() || type == ElementType.F64) {
      return null;
    }
    ConstantData d = constant.constantData();
    if (!d.elementType().isFloatingPoint() && !d.elementType().isInteger()) {
      return null;
    }
    return NdArray.ofFloats(type, d.shape(), d.toFloatArray());
  }

  private static NdArray constantInput(Node q, int i, ElementType type) {
    Node c = q.inputNode(i);
    if (!c.is("Constant")) {
      return null;
    }
    ConstantData d = c.constantData();
    return NdArray.ofFloats(type, d.shape(), d.toFloatArray());
  }

  private static boolean compressFakeQuantize(Model model, Node fq) {
    ElementType high = fq.output().elementType();
    long levels = fq.attributes().integer("levels");
    NdArray w = weight(fq);
    if (w == null || levels <= 16 || levels > 256 || high != w.type()) {
      return false;
    }
    NdArray[] r = new NdArray[4];
    for (int i = 0; i < 4; i++) {
      r[i] = constantInput(fq, i + 1, high);
      if (r[i] == null) {
        return false;
      }
    }
    NdArray ol = r[2];
    NdArray oh = r[3];
    boolean unsigned = allNonNegative(ol) && allNonNegative(oh);
    float newLow = unsigned ? 0f : -(float) (levels / 2);
    float inputRange = (float) (levels - 1);
    // scale and zero point over the broadcast shape of the output bounds
    long[] zpShape = Broadcasting.numpy("FakeQuantize", ol.shape(), oh.shape());
    int[] olMap = Broadcasting.indexMap(zpShape, ol.shape());
    int[] ohMap = Broadcasting.indexMap(zpShape, oh.shape());
    int m = olMap.length;
    float[] scale = new float[m];
    float[] zp = new float[m];
    boolean zpIsZero = true;
    for (int i = 0; i < m; i++) {
      float lo = ol.floats()[olMap[i]];
      float s = (oh.floats()[ohMap[i]] - lo) / inputRange;
      float z = s != 0 ? newLow - lo / s : 0f;
      zpIsZero &= Math.abs(z) < FLT_EPSILON;
      scale[i] = Values.roundFloat(high, s);
      zp[i] = Values.roundFloat(high, z);
    }
    // the codes: the weight quantized onto [newLow, newLow + levels - 1]
    NdArray q = Quantization.fakeQuantize(w, r[0], r[1], NdArray.ofFloats(high, new long[0], new float[] {newLow}),
        NdArray.ofFloats(high, new long[0], new float[] {newLow + inputRange}),
        Quantization.FakeQuantizeAttrs.numpy(levels));
    long[] codes = new long[w.size()];
    long[] fused = new long[w.size()];
    boolean canFuse = !zpIsZero;
    int[] zpMap = Broadcasting.indexMap(w.shape(), zpShape);
    for (int i = 0; i < codes.length; i++) {
      codes[i] = saturate((long) Math.rint(q.floats()[i]), unsigned);
      if (canFuse) {
        float minusZp = Values.roundFloat(high, (float) codes[i] - zp[zpMap[i]]);
        fused[i] = saturate((long) Math.rint(minusZp), unsigned);
        canFuse = Math.abs(fused[i] - minusZp) < 1e-4;
      }
    }
    ElementType lowType = unsigned ? ElementType.U8 : ElementType.I8;
    Node codesNode = Ops.constant(ConstantData.ofLongs(lowType, w.shape(), canFuse ? fused : codes));
    Output x = Ops.convert(codesNode.output(), high).output();
    if (!zpIsZero && !canFuse) {
      x = Ops.subtract(x, Ops.constant(ConstantData.ofFloats(high, zpShape, zp)).output()).output();
    }
    Node mul = Ops.multiply(x, Ops.constant(ConstantData.ofFloats(high, zpShape, scale)).output());
    replace(model, fq, mul);
    return true;
  }

  private static boolean compressFakeConvert(Model model, Node fc) {
    ElementType high = fc.output().elementType();
    NdArray w = weight(fc);
    if (w == null || high != w.type() || (fc.inputs().size() != 2 && fc.inputs().size() != 3)) {
      return false;
    }
    NdArray scale = constantInput(fc, 1, high);
    NdArray shift = fc.inputs().size() == 3 ? constantInput(fc, 2, high) : null;
    if (scale == null || (fc.inputs().size() == 3 && shift == null)) {
      return false;
    }
    boolean withShift = shift != null && !allZero(shift); // OpenVINO drops a shift whose one value is 0
    ElementType f8 = fc.attributes().elementType("destination_type");
    long[] outShape = Broadcasting.numpy("FakeConvert", w.shape(), scale.shape());
    if (withShift) {
      outShape = Broadcasting.numpy("FakeConvert", outShape, shift.shape());
    }
    int[] wMap = Broadcasting.indexMap(outShape, w.shape());
    int[] sMap = Broadcasting.indexMap(outShape, scale.shape());
    int[] hMap = withShift ? Broadcasting.indexMap(outShape, shift.shape()) : null;
    float[] scaled = new float[wMap.length];
    for (int i = 0; i < scaled.length; i++) {
      float v = Values.roundFloat(high, w.floats()[wMap[i]] * scale.floats()[sMap[i]]);
      scaled[i] = withShift ? Values.roundFloat(high, v - shift.floats()[hMap[i]]) : v;
    }
    Node codes = Ops.constant(ConstantData.ofFloats(f8, outShape, scaled));
    Output x = Ops.convert(codes.output(), high).output();
    if (withShift) {
      float[] neg = shift.floats().clone();
      for (int i = 0; i < neg.length; i++) {
        neg[i] = -neg[i];
      }
      x = Ops.subtract(x, Ops.constant(ConstantData.ofFloats(high, shift.shape(), neg)).output()).output();
    }
    float[] inv = new float[scale.size()];
    for (int i = 0; i < inv.length; i++) {
      inv[i] = Values.roundFloat(high, 1f / scale.floats()[i]);
    }
    Node mul = Ops.multiply(x, Ops.constant(ConstantData.ofFloats(high, scale.shape(), inv)).output());
    replace(model, fc, mul);
    return true;
  }

  private static void replace(Model model, Node quantizer, Node mul) {
    mul.setName(quantizer.name());
    quantizer.output().replaceAllUsesWith(mul.output());
    model.remove(quantizer);
  }

  private static boolean allZero(NdArray a) {
    for (float v : a.floats()) {
      if (v != 0f) {
        return false;
      }
    }
    return true;
  }

  private static boolean allNonNegative(NdArray a) {
    for (float v : a.floats()) {
      if (!(v >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** C++'s {@code static_cast<int8_t/uint8_t>} of an in-range value; out-of-range values wrap as a cast would. */
  private static long saturate(long v, boolean unsigned) {
    return unsigned ? (v & 0xff) : (byte) v;
  }
}
