package dev.jvino.onnx;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.onnx.OnnxModel.Tensor;
import dev.jvino.onnx.OnnxReader.TensorFields;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns the fields of a {@code TensorProto} into one little-endian buffer: {@code raw_data} as it is,
 * external data mapped from its file, or the typed field the specification assigns to the data type
 * ({@code float_data}; {@code int32_data} for the 8- and 16-bit types, bool, float16/bfloat16 bits,
 * float8 and packed 4-bit bytes; {@code int64_data}; {@code uint64_data} for uint32/uint64;
 * {@code double_data}).
 */
final class TensorData {
  private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
  private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

  private TensorData() {}

  static Tensor build(TensorFields tf, String source, @Nullable Path baseDir) {
    long[] dims = tf.dims.toArray();
    String what = "tensor '" + tf.name + "'";
    for (long d : dims) {
      if (d < 0) {
        throw new OnnxFormatException(source, what + " has a negative dimension " + d);
      }
    }
    if (tf.dataType == OnnxDataType.STRING.code()) {
      return new Tensor(tf.name, tf.dataType, dims, null, List.copyOf(tf.strings));
    }
    OnnxDataType type = OnnxDataType.of(tf.dataType).orElseThrow(() -> new OnnxFormatException(source,
        what + " has unknown data type code " + tf.dataType));
    long count = 1;
    for (long d : dims) {
      count = Math.multiplyExact(count, d);
    }
    long bytes = bytesFor(type, count, source, what);
    MemorySegment data;
    if (tf.externalLocation || tf.external.containsKey("location")) {
      data = external(tf, source, baseDir, bytes, what);
    } else if (tf.raw != null) {
      data = MemorySegment.ofArray(tf.raw);
    } else {
      data = typed(tf, type, count, source, what);
    }
    if (data.byteSize() != bytes) {
      throw new OnnxFormatException(source, what + " of type " + type + " and shape "
          + java.util.Arrays.toString(dims) + " needs " + bytes + " bytes of data, has " + data.byteSize());
    }
    return new Tensor(tf.name, tf.dataType, dims, data, List.of());
  }

  private static long bytesFor(OnnxDataType type, long count, String source, String what) {
    return switch (type) {
      case UINT4, INT4, FLOAT4E2M1 -> (count + 1) / 2;
      case BOOL, INT8, UINT8, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> count;
      case INT16, UINT16, FLOAT16, BFLOAT16 -> count * 2;
      case FLOAT, INT32, UINT32 -> count * 4;
      case INT64, UINT64, DOUBLE, COMPLEX64 -> count * 8;
      case COMPLEX128 -> count * 16;
      default -> throw new OnnxFormatException(source, what + " has data type " + type);
    };
  }

  private static MemorySegment typed(TensorFields tf, OnnxDataType type, long count, String source,
      String what) {
    int n = Math.toIntExact(count);
    return switch (type) {
      case FLOAT -> {
        check(tf.floats.size(), n, "float_data", source, what);
        MemorySegment s = MemorySegment.ofArray(new byte[n * 4]);
        for (int i = 0; i < n; i++) {
          s.setAtIndex(F32, i, tf.floats.get(i));
        }
        yield s;
      }
      case INT32 -> {
        check(tf.int32s.size(), n, "int32_data", source, what);
        MemorySegment s = MemorySegment.ofArray(new byte[n * 4]);
        for (int i = 0; i < n; i++) {
          s.setAtIndex(I32, i, (int) tf.int32s.get(i));
        }
        yield s;
      }
      case INT16, UINT16, FLOAT16, BFLOAT16 -> {
        check(tf.int32s.size(), n, "int32_data", source, what);
        MemorySegment s = MemorySegment.ofArray(new byte[n * 2]);
        for (int i = 0; i < n; i++) {
          s.setAtIndex(I16, i, (short) tf.int32s.get(i));
        }
        yield s;
      }
      case INT8, UINT8, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> {
        check(tf.int32s.size(), n, "int32_data", source, what);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
          b[i] = (byte) tf.int32s.get(i);
        }
        yield MemorySegment.ofArray(b);
      }
      case INT4, UINT4, FLOAT4E2M1 -> {
        int packed = (n + 1) / 2;
        check(tf.int32s.size(), packed, "int32_data", source, what);
        byte[] b = new byte[packed];
        for (int i = 0; i < packed; i++) {
          b[i] = (byte) tf.int32s.get(i);
        }
        yield MemorySegment.ofArray(b);
      }
      case INT64 -> {
        check(tf.int64s.size(), n, "int64_data", source, what);
        MemorySegment s = MemorySegment.ofArray(new byte[n * 8]);
        for (int i = 0; i < n; i++) {
          s.setAtIndex(I64, i, tf.int64s.get(i));
        }
        yield s;
      }
      case UINT32, UINT64 -> {
        check(tf.uint64s.size(), n, "uint64_data", source, what);
        int size = type == OnnxDataType.UINT32 ? 4 : 8;
        MemorySegment s = MemorySegment.ofArray(new byte[n * size]);
        for (int i = 0; i < n; i++) {
          if (size == 4) {
            s.setAtIndex(I32, i, (int) tf.uint64s.get(i));
          } else {
            s.setAtIndex(I64, i, tf.uint64s.get(i));
          }
        }
        yield s;
      }
      case DOUBLE -> {
        check(tf.doubles.size(), n, "double_data", source, what);
        MemorySegment s = MemorySegment.ofArray(new byte[n * 8]);
        for (int i = 0; i < n; i++) {
          s.setAtIndex(F64, i, tf.doubles.get(i));
        }
        yield s;
      }
      default -> throw new OnnxFormatException(source, what + ": data type " + type
          + " is only readable from raw_data");
    };
  }

  private static void check(int have, int want, String field, String source, String what) {
    if (have != want) {
      throw new OnnxFormatException(source, what + " has " + have + " values in " + field + ", its shape needs "
          + want);
    }
  }

  private static MemorySegment external(TensorFields tf, String source, @Nullable Path baseDir, long bytes,
      String what) {
    String location = tf.external.get("location");
    if (location == null || location.isEmpty()) {
      throw new OnnxFormatException(source, what + " is stored externally but names no location");
    }
    if (baseDir == null) {
      throw new OnnxFormatException(source, what + " is stored in '" + location
          + "' but the model was not read from a file, so there is no folder to find it in");
    }
    Path base = baseDir.toAbsolutePath().normalize();
    Path file = base.resolve(location).normalize();
    if (!file.startsWith(base) || Path.of(location).isAbsolute()) {
      throw new OnnxFormatException(source, what + ": external data location '" + location
          + "' leaves the model's folder");
    }
    long offset = parse(tf.external.get("offset"), 0, "offset", source, what);
    long length = parse(tf.external.get("length"), bytes, "length", source, what);
    if (length != bytes) {
      throw new OnnxFormatException(source, what + ": external data length " + length + " does not match the "
          + bytes + " bytes its type and shape need");
    }
    if (!Files.isRegularFile(file)) {
      throw new OnnxFormatException(source, what + ": external data file " + file + " not found");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (offset + length > ch.size()) {
        throw new OnnxFormatException(source, what + ": external data " + file + " has " + ch.size()
            + " bytes, fewer than offset " + offset + " + length " + length);
      }
      return ch.map(FileChannel.MapMode.READ_ONLY, offset, length, Arena.ofAuto());
    } catch (IOException e) {
      throw new OnnxFormatException(source, what + ": cannot read external data " + file, e);
    }
  }

  private static long parse(@Nullable String v, long dflt, String key, String source, String what) {
    if (v == null) {
      return dflt;
    }
    try {
      long x = Long.parseLong(v.strip());
      if (x < 0) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new OnnxFormatException(source, what + ": external data " + key + " '" + v + "' is not a count");
    }
  }

  /** The tensor as an OpenVINO constant (its data type must have an OpenVINO element type). */
  static ConstantData toConstant(Tensor t, String where) {
    ElementType et = OnnxDataType.toElementType(t.dataType(), where);
    if (et == ElementType.STRING) {
      List<String> values = t.strings().stream()
          .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList();
      return ConstantData.ofStrings(t.dims(), values);
    }
    MemorySegment data = t.data();
    if (data == null) {
      throw new OnnxFormatException(where, "tensor '" + t.name() + "' has no data");
    }
    return ConstantData.ofSegment(et, t.dims(), data);
  }
}
