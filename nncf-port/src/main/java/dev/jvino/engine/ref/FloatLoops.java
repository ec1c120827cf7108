package dev.jvino.engine.ref;

import dev.jvino.engine.ref.Elementwise.BinaryOp;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;

/** Float loops of the binary kernels, with straight-line fast paths C2 can vectorise. */
final class FloatLoops {
  private FloatLoops() {}

  static void run(BinaryOp op, ElementType t, float[] x, int[] ia, float[] y, int[] ib, float[] r) {
    int n = r.length;
    boolean f16Squared = op == BinaryOp.SQUARED_DIFFERENCE && Values.needsRounding(t);
    if (ia == null && ib == null && !f16Squared) {
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] + y[i];
          }
        }
        case SUBTRACT -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] - y[i];
          }
        }
        case MULTIPLY -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] * y[i];
          }
        }
        case DIVIDE -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] / y[i];
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            r[i] = apply(op, x[i], y[i]);
          }
        }
      }
    } else if (ia == null && y.length == 1 && !f16Squared) {
      float s = y[0];
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] + s;
          }
        }
        case MULTIPLY -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] * s;
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            r[i] = apply(op, x[i], s);
          }
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        float a = x[ia == null ? i : ia[i]];
        float b = y[ib == null ? i : ib[i]];
        if (f16Squared) {
          float d = Values.roundFloat(t, a - b);
          r[i] = d * d;
        } else {
          r[i] = apply(op, a, b);
        }
      }
    }
    // NdArray.ofFloats rounds the results to f16/bf16 afterwards
  }

  static float apply(BinaryOp op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE -> x / y;
      case POWER -> (float) Math.pow(x, y);
      case MAXIMUM -> x > y ? x : y;
      case MINIMUM -> x < y ? x : y;
      case SQUARED_DIFFERENCE -> (x - y) * (x - y);
    };
  }
}
