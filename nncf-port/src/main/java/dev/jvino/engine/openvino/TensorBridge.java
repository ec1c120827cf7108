package dev.jvino.engine.openvino;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.openvino.Shape;
import dev.jvino.openvino.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between the engine's {@link NdArray} and OpenVINO tensors, element by element in the tensor's
 * own encoding (f16/bf16 bits, narrow integers, one byte per boolean).
 */
final class TensorBridge {
  private TensorBridge() {}

  private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
  private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
  private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

  /** The bindings' element type of the same name. */
  static dev.jvino.openvino.ElementType toOpenVino(ElementType type) {
    return dev.jvino.openvino.ElementType.valueOf(type.name());
  }

  static ElementType fromOpenVino(dev.jvino.openvino.ElementType type) {
    return ElementType.valueOf(type.name());
  }

  /** A new OpenVINO tensor holding {@code array}'s values. */
  static Tensor toTensor(NdArray array) {
    Tensor t = Tensor.allocate(toOpenVino(array.type()), Shape.of(array.shape()));
    write(array, t.data());
    return t;
  }

  /** Writes {@code array} into {@code seg} in the encoding of the array's element type. */
  static void write(NdArray a, MemorySegment seg) {
    int n = a.size();
    switch (a.type()) {
      case F32 -> MemorySegment.copy(a.floats(), 0, seg, F32, 0, n);
      case F16 -> {
        float[] v = a.floats();
        for (int i = 0; i < n; i++) {
          seg.set(I16, 2L * i, Float.floatToFloat16(v[i]));
        }
      }
      case BF16 -> {
        float[] v = a.floats();
        for (int i = 0; i < n; i++) {
          // values are already rounded to bf16: the top half of the f32 bits is exact
          seg.set(I16, 2L * i, (short) (Float.floatToRawIntBits(v[i]) >>> 16));
        }
      }
      case F64 -> MemorySegment.copy(a.doubles(), 0, seg, F64, 0, n);
      case I64, U64 -> MemorySegment.copy(a.longs(), 0, seg, I64, 0, n);
      case I32, U32 -> {
        long[] v = a.longs();
        for (int i = 0; i < n; i++) {
          seg.set(I32, 4L * i, (int) v[i]);
        }
      }
      case I16, U16 -> {
        long[] v = a.longs();
        for (int i = 0; i < n; i++) {
          seg.set(I16, 2L * i, (short) v[i]);
        }
      }
      case I8, U8 -> {
        long[] v = a.longs();
        for (int i = 0; i < n; i++) {
          seg.set(ValueLayout.JAVA_BYTE, i, (byte) v[i]);
        }
      }
      case BOOLEAN -> {
        boolean[] v = a.booleans();
        for (int i = 0; i < n; i++) {
          seg.set(ValueLayout.JAVA_BYTE, i, (byte) (v[i] ? 1 : 0));
        }
      }
      default -> throw new IllegalArgumentException(
          "the OpenVINO engine cannot pass " + a.type() + " inputs; use f32, f16, bf16, f64 or an integer type");
    }
  }

  /** A copy of {@code t}'s values as an NdArray. */
  static NdArray fromTensor(Tensor t) {
    ElementType type = fromOpenVino(t.elementType());
    long[] shape = t.shape().dims();
    MemorySegment seg = t.data();
    int n = Math.toIntExact(t.size());
    return switch (type) {
      case F32 -> {
        float[] v = new float[n];
        MemorySegment.copy(seg, F32, 0, v, 0, n);
        yield NdArray.ofFloats(ElementType.F32, shape, v);
      }
      case F16 -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = Float.float16ToFloat(seg.get(I16, 2L * i));
        }
        yield NdArray.ofFloats(ElementType.F16, shape, v);
      }
      case BF16 -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = Float.intBitsToFloat((seg.get(I16, 2L * i) & 0xFFFF) << 16);
        }
        yield NdArray.ofFloats(ElementType.BF16, shape, v);
      }
      case F64 -> {
        double[] v = new double[n];
        MemorySegment.copy(seg, F64, 0, v, 0, n);
        yield NdArray.ofDoubles(shape, v);
      }
      case I64, U64 -> {
        long[] v = new long[n];
        MemorySegment.copy(seg, I64, 0, v, 0, n);
        yield NdArray.ofLongs(type, shape, v);
      }
      case I32, U32, I16, U16, I8, U8 -> {
        long[] v = new long[n];
        int bytes = type.bitWidth() / 8;
        for (int i = 0; i < n; i++) {
          long offset = (long) bytes * i;
          v[i] = switch (bytes) {
            case 4 -> seg.get(I32, offset);
            case 2 -> seg.get(I16, offset);
            default -> seg.get(ValueLayout.JAVA_BYTE, offset);
          };
        }
        yield NdArray.ofLongs(type, shape, v); // ofLongs wraps unsigned types into range
      }
      case BOOLEAN -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = seg.get(ValueLayout.JAVA_BYTE, i) != 0;
        }
        yield NdArray.ofBooleans(shape, v);
      }
      default -> throw new IllegalArgumentException("the OpenVINO engine cannot read " + type + " outputs");
    };
  }
}
