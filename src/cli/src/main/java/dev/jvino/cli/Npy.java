package dev.jvino.cli;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1-3, C order) as engine arrays: f2/f4/f8, i1/i2/i4/i8,
 * u1/u2/u4/u8 and b1, little-endian or single-byte.
 */
final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** An {@code .npy} file that cannot be read; the message names the file. */
  static final class NpyFormatException extends IOException {
    NpyFormatException(Path file, String message) {
      super(file + ": " + message);
    }
  }

  static NdArray read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    for (byte m : MAGIC) {
      if (!b.hasRemaining() || b.get() != m) {
        throw new NpyFormatException(file, "not an .npy file (no \\x93NUMPY magic)");
      }
    }
    if (b.remaining() < 4) {
      throw new NpyFormatException(file, "truncated header");
    }
    int major = b.get();
    b.get();
    int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
    if (headerLen < 0 || headerLen > b.remaining()) {
      throw new NpyFormatException(file, "header length " + headerLen + " exceeds the file");
    }
    byte[] h = new byte[headerLen];
    b.get(h);
    String header = new String(h, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new NpyFormatException(file, "header lacks descr, fortran_order or shape: " + header.strip());
    }
    if (f.group(1).equals("True")) {
      throw new NpyFormatException(file, "Fortran-order arrays are not supported; save with np.ascontiguousarray");
    }
    if (d.group(1).equals(">") && !d.group(3).equals("1")) {
      throw new NpyFormatException(file, "big-endian data is not supported");
    }
    List<Long> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      if (!part.isBlank()) {
        dims.add(Long.parseLong(part.strip()));
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    int n = 1;
    for (long x : shape) {
      n = Math.multiplyExact(n, (int) x);
    }
    String kind = d.group(2);
    int size = Integer.parseInt(d.group(3));
    if ((long) n * size > b.remaining()) {
      throw new NpyFormatException(file, "data has " + b.remaining() + " bytes, the shape needs " + (long) n * size);
    }
    return switch (kind + size) {
      case "f4" -> {
        float[] v = new float[n];
        b.asFloatBuffer().get(v);
        yield NdArray.ofFloats(ElementType.F32, shape, v);
      }
      case "f2" -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = Float.float16ToFloat(b.getShort());
        }
        yield NdArray.ofFloats(ElementType.F16, shape, v);
      }
      case "f8" -> {
        double[] v = new double[n];
        b.asDoubleBuffer().get(v);
        yield NdArray.ofDoubles(shape, v);
      }
      case "b1" -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = b.get() != 0;
        }
        yield NdArray.ofBooleans(shape, v);
      }
      case "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8" -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = switch (size) {
            case 1 -> kind.equals("u") ? Byte.toUnsignedLong(b.get()) : b.get();
            case 2 -> kind.equals("u") ? Short.toUnsignedLong(b.getShort()) : b.getShort();
            case 4 -> kind.equals("u") ? Integer.toUnsignedLong(b.getInt()) : b.getInt();
            default -> b.getLong();
          };
        }
        ElementType et = ElementType.valueOf((kind.equals("u") ? "U" : "I") + size * 8);
        yield NdArray.ofLongs(et, shape, v);
      }
      default -> throw new NpyFormatException(file, "dtype " + d.group(1) + kind + size + " is not supported");
    };
  }

  /** Writes {@code a} as an {@code .npy} (version 1.0) of its element type. */
  static void write(NdArray a, Path file) throws IOException {
    ElementType t = a.type();
    String descr = switch (t) {
      case F32, F16, BF16 -> "<f4";
      case F64 -> "<f8";
      case BOOLEAN -> "|b1";
      case I8 -> "|i1";
      case U8 -> "|u1";
      case I16 -> "<i2";
      case U16 -> "<u2";
      case I32 -> "<i4";
      case U32 -> "<u4";
      case U64 -> "<u8";
      default -> "<i8";
    };
    long[] shape = a.shape();
    StringBuilder sh = new StringBuilder();
    for (long d : shape) {
      sh.append(d).append(", ");
    }
    String dims = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? "" : sh.substring(0, sh.length() - 2);
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    int total = MAGIC.length + 4 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    int n = a.size();
    int elem = Integer.parseInt(descr.substring(2));
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + n * elem).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < n; i++) {
      switch (descr) {
        case "<f4" -> b.putFloat((float) a.getDouble(i));
        case "<f8" -> b.putDouble(a.getDouble(i));
        case "|b1", "|i1", "|u1" -> b.put((byte) a.getLong(i));
        case "<i2", "<u2" -> b.putShort((short) a.getLong(i));
        case "<i4", "<u4" -> b.putInt((int) a.getLong(i));
        default -> b.putLong(a.getLong(i));
      }
    }
    Files.write(file, b.array());
  }
}
