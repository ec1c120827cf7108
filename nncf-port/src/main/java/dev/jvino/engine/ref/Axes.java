package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;

/** Axis validation helpers shared by the kernels. */
public final class Axes {
  private Axes() {}

  /** {@code axis} in {@code [-rank, rank)} mapped to {@code [0, rank)}, else {@link OpAttributeException}. */
  public static int normalize(String op, String attribute, long axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw new OpAttributeException(op, attribute, axis, "out of range for rank " + rank);
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /** Reads an integer input (axes, shape, indices ...) as longs; rejects non-integer types. */
  public static long[] integers(String op, int input, NdArray a) {
    if (a.storage() != Storage.LONG) {
      throw new OpInputException(op, input, "must be an integer tensor, got " + a.type());
    }
    return a.longs().clone();
  }

  /** Reads a scalar (or one-element) integer input. */
  public static long scalar(String op, int input, NdArray a) {
    long[] v = integers(op, input, a);
    if (v.length != 1) {
      throw new OpInputException(op, input, "must hold exactly one value, got " + v.length);
    }
    return v[0];
  }

  /** Normalised, duplicate-free axes from an integer input. */
  public static int[] normalizeAll(String op, int input, NdArray axes, int rank) {
    long[] raw = integers(op, input, axes);
    int[] out = new int[raw.length];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] < -rank || raw[i] >= rank) {
        throw new OpInputException(op, input, "axis " + raw[i] + " out of range for rank " + rank);
      }
      int a = (int) (raw[i] < 0 ? raw[i] + rank : raw[i]);
      if (seen[a]) {
        throw new OpInputException(op, input, "axis " + raw[i] + " is repeated");
      }
      seen[a] = true;
      out[i] = a;
    }
    return out;
  }
}
