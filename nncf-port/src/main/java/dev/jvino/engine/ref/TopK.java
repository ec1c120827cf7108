package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * TopK-1/3/11: the {@code k} largest ({@code MAX}) or smallest ({@code MIN}) values of every slice along
 * {@code axis}, with their indices along that axis.
 *
 * <p>Selection is always stable: equal values keep their input order (lower index first), which is the
 * ordering TopK-11's {@code stable=true} demands and what OpenVINO's reference produces for every
 * version. NaN ranks above every number (so it is selected first by MAX and last by MIN). {@code sort}
 * orders the {@code k} selected elements by value ({@code VALUE}: descending for MAX, ascending for MIN)
 * or by ascending index ({@code INDEX}); the spec leaves the order of {@code NONE} undefined, and this
 * kernel returns it in value order. A {@code k} larger than the axis is clamped to it.
 */
public final class TopK {
  private TopK() {}

  /** Which end of the value range to keep. */
  public enum Mode { MAX, MIN }

  /** Order of the selected elements. */
  public enum Sort { VALUE, INDEX, NONE }

  /** The values and indices outputs. */
  public record Result(NdArray values, NdArray indices) {
    /** Both outputs in port order. */
    public List<NdArray> asList() {
      return List.of(values, indices);
    }
  }

  /** Parses {@code mode} as the IR writes it ({@code max}/{@code min}). */
  public static Mode mode(String op, String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "max" -> Mode.MAX;
      case "min" -> Mode.MIN;
      default -> throw new OpAttributeException(op, "mode", text, "expected max or min");
    };
  }

  /** Parses {@code sort} as the IR writes it ({@code value}/{@code index}/{@code none}). */
  public static Sort sort(String op, String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "value" -> Sort.VALUE;
      case "index" -> Sort.INDEX;
      case "none" -> Sort.NONE;
      default -> throw new OpAttributeException(op, "sort", text, "expected value, index or none");
    };
  }

  /**
   * @param kInput scalar (or one-element) integer {@code k >= 0}
   * @param indexType element type of the indices output, i32 or i64
   */
  public static Result topK(String op, NdArray data, NdArray kInput, long axisAttr, Mode mode, Sort sort,
      ElementType indexType) {
    if (indexType != ElementType.I32 && indexType != ElementType.I64) {
      throw new OpAttributeException(op, "index_element_type", indexType, "must be i32 or i64");
    }
    if (data.rank() < 1) {
      throw new OpInputException(op, 0, "must have rank >= 1");
    }
    int axis = Axes.normalize(op, "axis", axisAttr, data.rank());
    long kValue = Axes.scalar(op, 1, kInput);
    if (kValue < 0) {
      throw new OpInputException(op, 1, "k must be >= 0, got " + kValue);
    }
    long[] shape = data.shape();
    int len = (int) shape[axis];
    int k = (int) Math.min(kValue, len);
    long[] outShape = Shapes.with(shape, axis, k);
    int outer = Shapes.product(shape, 0, axis);
    int inner = Shapes.product(shape, axis + 1, shape.length);
    NdArray values = NdArray.zeros(data.type(), outShape);
    long[] indices = new long[Shapes.size(outShape)];
    Integer[] order = new Integer[len];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * len * inner + in;
        for (int j = 0; j < len; j++) {
          order[j] = j;
        }
        // best first; Arrays.sort on objects is stable, so equal values keep their input order
        Arrays.sort(order, (a, b) -> {
          int c = compare(data, base + a * inner, base + b * inner);
          return mode == Mode.MAX ? -c : c;
        });
        Integer[] chosen = Arrays.copyOf(order, k);
        if (sort == Sort.INDEX) {
          Arrays.sort(chosen);
        }
        int outBase = o * k * inner + in;
        for (int j = 0; j < k; j++) {
          values.copyElement(data, base + chosen[j] * inner, outBase + j * inner);
          indices[outBase + j * inner] = chosen[j];
        }
      }
    }
    return new Result(values, NdArray.ofLongs(indexType, outShape, indices));
  }

  /** Total order on elements: numbers by value (u64 unsigned), NaN above everything, false below true. */
  private static int compare(NdArray x, int i, int j) {
    return switch (x.storage()) {
      case LONG -> x.type() == ElementType.U64
          ? Long.compareUnsigned(x.longs()[i], x.longs()[j]) : Long.compare(x.longs()[i], x.longs()[j]);
      case BOOL -> Boolean.compare(x.booleans()[i], x.booleans()[j]);
      case FLOAT, DOUBLE -> {
        double a = x.getDouble(i);
        double b = x.getDouble(j);
        if (a < b) {
          yield -1;
        }
        if (a > b) {
          yield 1;
        }
        if (a == b) {
          yield 0; // also -0.0 == 0.0
        }
        yield Boolean.compare(Double.isNaN(a), Double.isNaN(b));
      }
    };
  }
}
