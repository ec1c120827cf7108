package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/**
 * FakeQuantize-0 with OpenVINO's formula, evaluated as its reference does for the element type (f32
 * arithmetic for f32; for f16/bf16 every step up to the rounding is rounded to the type, the remaining
 * float steps once at the end):
 *
 * <pre>
 * x &lt;= min(il, ih): ol
 * x &gt;  max(il, ih): oh
 * otherwise:      round((x - il) / (ih - il) * (levels - 1)) / (levels - 1) * (oh - ol) + ol
 * </pre>
 *
 * with {@code round} to nearest, ties to even (C's {@code nearbyint}). The four range inputs broadcast
 * into the data shape.
 */
public final class Quantization {
  private Quantization() {}

  private static final String OP = "FakeQuantize-0";

  /** FakeQuantize-0 attributes. */
  public record FakeQuantizeAttrs(long levels, AutoBroadcast autoBroadcast) {
    public FakeQuantizeAttrs {
      if (levels < 2) {
        throw new OpAttributeException(OP, "levels", levels, "must be at least 2");
      }
    }

    public static FakeQuantizeAttrs numpy(long levels) {
      return new FakeQuantizeAttrs(levels, AutoBroadcast.NUMPY);
    }
  }

  public static NdArray fakeQuantize(NdArray x, NdArray inLow, NdArray inHigh, NdArray outLow,
      NdArray outHigh, FakeQuantizeAttrs attrs) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(OP, "element type " + x.type() + " is not supported");
    }
    NdArray[] ranges = {inLow, inHigh, outLow, outHigh};
    long[] shape = x.shape();
    int n = x.size();
    int[][] maps = new int[4][];
    for (int i = 0; i < 4; i++) {
      Elementwise.requireSameType(OP, x, ranges[i]);
      long[] rs = ranges[i].shape();
      long[] read = switch (attrs.autoBroadcast().mode()) {
        case NONE -> {
          if (!Arrays.equals(rs, shape)) {
            throw new OpInputException(OP, i + 1, "auto_broadcast=none needs shape " + Shapes.str(shape)
                + ", got " + Shapes.str(rs));
          }
          yield rs;
        }
        case NUMPY -> {
          if (!Arrays.equals(Broadcasting.numpy(OP, shape, rs), shape)) {
            throw new OpInputException(OP, i + 1, Shapes.str(rs) + " does not broadcast into data "
                + Shapes.str(shape));
          }
          yield rs;
        }
        case PDPD -> Broadcasting.pdpdAlign(OP, shape, rs, attrs.autoBroadcast().axis());
      };
      maps[i] = Broadcasting.indexMap(shape, read);
    }
    ElementType t = x.type();
    if (x.storage() == Storage.DOUBLE) {
      double[] r = new double[n];
      double lm1 = attrs.levels() - 1;
      for (int i = 0; i < n; i++) {
        double v = x.doubles()[i];
        double il = inLow.doubles()[maps[0][i]];
        double ih = inHigh.doubles()[maps[1][i]];
        double ol = outLow.doubles()[maps[2][i]];
        double oh = outHigh.doubles()[maps[3][i]];
        if (v <= Math.min(il, ih)) {
          r[i] = ol;
        } else if (v > Math.max(il, ih)) {
          r[i] = oh;
        } else {
          r[i] = Math.rint((v - il) / (ih - il) * lm1) / lm1 * (oh - ol) + ol;
        }
      }
      return NdArray.ofDoubles(shape, r);
    }
    float[] xf = x.floats();
    float[] il = inLow.floats();
    float[] ih = inHigh.floats();
    float[] ol = outLow.floats();
    float[] oh = outHigh.floats();
    float lm1 = Values.roundFloat(t, (float) (attrs.levels() - 1));
    boolean r16 = Values.needsRounding(t);
    float[] r = new float[n];
    for (int i = 0; i < n; i++) {
      float v = xf[i];
      float lo = il[maps[0][i]];
      float hi = ih[maps[1][i]];
      float a = ol[maps[2][i]];
      float b = oh[maps[3][i]];
      if (v <= Math.min(lo, hi)) {
        r[i] = a;
      } else if (v > Math.max(lo, hi)) {
        r[i] = b;
      } else if (!r16) {
        r[i] = (float) Math.rint((v - lo) / (hi - lo) * lm1) / lm1 * (b - a) + a;
      } else {
        // OpenVINO's half types round every operator result up to nearbyint, which returns a float;
        // the rest runs in float and is rounded once when stored
        float q = rnd(t, rnd(t, rnd(t, v - lo) / rnd(t, hi - lo)) * lm1);
        r[i] = (float) Math.rint(q) / lm1 * rnd(t, b - a) + a;
      }
    }
    return NdArray.ofFloats(t, shape, r);
  }

  private static float rnd(ElementType t, float v) {
    return Values.roundFloat(t, v);
  }
}
