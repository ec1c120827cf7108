package dev.jvino.nncf.statistics.cache;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format, read and written in Java: an 8-byte little-endian header length
 * {@code N}, {@code N} bytes of UTF-8 JSON mapping each tensor name to its {@code dtype}, {@code shape}
 * and {@code data_offsets} (relative to the end of the header; an optional {@code __metadata__} map of
 * strings), then the raw little-endian data.
 *
 * <p>Writing follows the reference serializer byte for byte: tensors ordered by dtype (larger
 * {@link SafeDtype} constants first) then by name, a compact header padded with spaces to a multiple of 8
 * bytes. Reading checks everything a hostile file could get wrong (header length beyond the file or above
 * 100 MB, bad UTF-8 or JSON, unknown dtype, negative or overflowing shapes, offsets that overlap, leave
 * gaps or do not match the shape) and throws {@link SafetensorsException} naming the file.
 */
public final class Safetensors {
  /** The largest header accepted, as the reference reader. */
  public static final long MAX_HEADER = 100_000_000L;
  private static final String METADATA = "__metadata__";

  private Safetensors() {}

  /** One tensor's header entry. */
  private record Entry(String name, SafeDtype dtype, long[] shape, long begin, long end) {}

  /** Reads every tensor of {@code file}, in the order of their data. */
  public static Map<String, NdArray> read(Path file) {
    String label = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new SafetensorsException(label, "only " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0, label);
      long n = len.flip().getLong();
      if (n < 0 || n > MAX_HEADER) {
        throw new SafetensorsException(label, "header length " + Long.toUnsignedString(n) + " exceeds "
            + MAX_HEADER + " bytes");
      }
      if (n > size - 8) {
        throw new SafetensorsException(label, "header length " + n + " goes beyond the end of the file ("
            + size + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      readFully(ch, header, 8, label);
      List<Entry> entries = parseHeader(header.flip(), label, size - 8 - n);
      long dataLen = size - 8 - n;
      if (dataLen > Integer.MAX_VALUE) {
        throw new SafetensorsException(label, "data section of " + dataLen + " bytes is too large");
      }
      ByteBuffer data = ByteBuffer.allocate((int) dataLen).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, data, 8 + n, label);
      data.flip();
      Map<String, NdArray> out = new LinkedHashMap<>();
      for (Entry e : entries) {
        out.put(e.name(), decode(e, data.slice((int) e.begin(), (int) (e.end() - e.begin()))
            .order(ByteOrder.LITTLE_ENDIAN), label));
      }
      return out;
    } catch (IOException ex) {
      throw new StatisticsCacheException("cannot read safetensors file " + label + ": " + ex, ex);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at, String label) throws IOException {
    long pos = at;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new SafetensorsException(label, "file ended early");
      }
      pos += r;
    }
  }

  private static List<Entry> parseHeader(ByteBuffer header, String label, long dataLen) {
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header).toString();
    } catch (CharacterCodingException ex) {
      throw new SafetensorsException(label, "header is not valid UTF-8");
    }
    if (!json.startsWith("{")) {
      throw new SafetensorsException(label, "header does not start with '{'");
    }
    Object parsed;
    try {
      parsed = CacheJson.parse(json, label);
    } catch (StatisticsCacheException ex) {
      throw new SafetensorsException(label, "header is not valid JSON (" + ex.getMessage() + ")");
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new SafetensorsException(label, "header is not a JSON object");
    }
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> kv : map.entrySet()) {
      String name = (String) kv.getKey();
      if (name.equals(METADATA)) {
        if (!(kv.getValue() instanceof Map<?, ?> md) || !md.values().stream().allMatch(v -> v instanceof String)) {
          throw new SafetensorsException(label, "__metadata__ must map strings to strings");
        }
        continue;
      }
      entries.add(entry(name, kv.getValue(), label));
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : entries) {
      if (e.begin() != expected) {
        throw new SafetensorsException(label, "tensor '" + e.name() + "' starts at data offset " + e.begin()
            + ", expected " + expected + " (tensors must be contiguous, without overlap or gap)");
      }
      expected = e.end();
    }
    if (expected != dataLen) {
      throw new SafetensorsException(label, "tensors cover " + expected + " data bytes but the file holds "
          + dataLen);
    }
    return entries;
  }

  private static Entry entry(String name, Object info, String label) {
    if (!(info instanceof Map<?, ?> m) || m.size() != 3 || !m.containsKey("dtype") || !m.containsKey("shape")
        || !m.containsKey("data_offsets")) {
      throw new SafetensorsException(label, "tensor '" + name + "' needs exactly dtype, shape and data_offsets");
    }
    if (!(m.get("dtype") instanceof String dt)) {
      throw new SafetensorsException(label, "tensor '" + name + "' has a non-string dtype");
    }
    SafeDtype dtype = SafeDtype.byName(dt).orElseThrow(() -> new SafetensorsException(label,
        "tensor '" + name + "' has dtype " + dt + ", which jvino does not support"));
    long[] shape = longs(m.get("shape"), -1, "shape", name, label);
    long[] offsets = longs(m.get("data_offsets"), 2, "data_offsets", name, label);
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new SafetensorsException(label, "tensor '" + name + "' has a negative dimension in " + Arrays.toString(shape));
      }
      if (d != 0 && count > Integer.MAX_VALUE / d) {
        throw new SafetensorsException(label, "tensor '" + name + "' shape " + Arrays.toString(shape)
            + " has more elements than jvino supports");
      }
      count *= d;
    }
    if (offsets[0] < 0 || offsets[1] < offsets[0]) {
      throw new SafetensorsException(label, "tensor '" + name + "' has invalid data_offsets " + Arrays.toString(offsets));
    }
    if (offsets[1] - offsets[0] != count * dtype.bytes()) {
      throw new SafetensorsException(label, "tensor '" + name + "' data_offsets " + Arrays.toString(offsets)
          + " span " + (offsets[1] - offsets[0]) + " bytes but " + dtype + Arrays.toString(shape) + " needs "
          + count * dtype.bytes());
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] longs(Object v, int size, String what, String name, String label) {
    if (!(v instanceof List<?> l) || (size >= 0 && l.size() != size) || l.size() > 64) {
      throw new SafetensorsException(label, "tensor '" + name + "' has an invalid " + what);
    }
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Long x)) {
        throw new SafetensorsException(label, "tensor '" + name + "' " + what + " holds " + l.get(i)
            + ", not an integer");
      }
      out[i] = x;
    }
    return out;
  }

  private static NdArray decode(Entry e, ByteBuffer b, String label) {
    int n = (int) ((e.end() - e.begin()) / e.dtype().bytes());
    long[] shape = e.shape();
    return switch (e.dtype()) {
      case F32 -> {
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        yield NdArray.ofFloats(ElementType.F32, shape, f);
      }
      case F16, BF16 -> {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          short s = b.getShort(2 * i);
          f[i] = e.dtype() == SafeDtype.F16 ? Float.float16ToFloat(s) : Float.intBitsToFloat((s & 0xffff) << 16);
        }
        yield NdArray.ofFloats(e.dtype().elementType(), shape, f);
      }
      case F64 -> {
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        yield NdArray.ofDoubles(shape, d);
      }
      case I64, I32, I16, I8, U8 -> {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = switch (e.dtype()) {
            case I64 -> b.getLong(8 * i);
            case I32 -> b.getInt(4 * i);
            case I16 -> b.getShort(2 * i);
            case I8 -> b.get(i);
            default -> b.get(i) & 0xff;
          };
        }
        yield NdArray.ofLongs(e.dtype().elementType(), shape, l);
      }
      case BOOL -> {
        boolean[] z = new boolean[n];
        for (int i = 0; i < n; i++) {
          byte v = b.get(i);
          if (v != 0 && v != 1) {
            throw new SafetensorsException(label, "tensor '" + e.name() + "' holds boolean byte " + v);
          }
          z[i] = v == 1;
        }
        yield NdArray.ofBooleans(shape, z);
      }
    };
  }

  /** The bytes of a safetensors file holding {@code tensors} (no {@code __metadata__}). */
  public static byte[] encode(Map<String, NdArray> tensors) {
    List<Map.Entry<String, NdArray>> order = new ArrayList<>(tensors.entrySet());
    Comparator<Map.Entry<String, NdArray>> byDtype = Comparator.comparing(e -> dtypeOf(e.getKey(), e.getValue()));
    order.sort(byDtype.reversed().thenComparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    Map<String, Object> header = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, NdArray> e : order) {
      SafeDtype d = dtypeOf(e.getKey(), e.getValue());
      long bytes = (long) e.getValue().size() * d.bytes();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", d.name());
      info.put("shape", Arrays.stream(e.getValue().shape()).boxed().toList());
      info.put("data_offsets", List.of(offset, offset + bytes));
      header.put(e.getKey(), info);
      offset += bytes;
    }
    byte[] json = CacheJson.compact(header).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - json.length % 8) % 8;
    long total = 8L + json.length + pad + offset;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("safetensors data of " + total + " bytes is too large");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length + pad).put(json);
    for (int i = 0; i < pad; i++) {
      out.put((byte) ' ');
    }
    for (Map.Entry<String, NdArray> e : order) {
      put(out, dtypeOf(e.getKey(), e.getValue()), e.getValue());
    }
    return out.array();
  }

  /** Writes {@code tensors} to {@code file} (replacing it). */
  public static void write(Map<String, NdArray> tensors, Path file) {
    try {
      Files.write(file, encode(tensors));
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + file, ex);
    }
  }

  private static SafeDtype dtypeOf(String name, NdArray a) {
    return SafeDtype.of(a.type()).orElseThrow(() -> new IllegalArgumentException("tensor '" + name
        + "' has element type " + a.type() + ", which jvino cannot write to safetensors"));
  }

  private static void put(ByteBuffer out, SafeDtype d, NdArray a) {
    int n = a.size();
    switch (d) {
      case F32 -> {
        for (float f : a.floats()) {
          out.putFloat(f);
        }
      }
      case F16 -> {
        for (float f : a.floats()) {
          out.putShort(Float.floatToFloat16(f));
        }
      }
      case BF16 -> {
        for (float f : a.floats()) {
          out.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
        }
      }
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out.putDouble(a.getDouble(i));
        }
      }
      case I64 -> {
        for (long l : a.longs()) {
          out.putLong(l);
        }
      }
      case I32 -> {
        for (long l : a.longs()) {
          out.putInt((int) l);
        }
      }
      case I16 -> {
        for (long l : a.longs()) {
          out.putShort((short) l);
        }
      }
      case I8, U8 -> {
        for (long l : a.longs()) {
          out.put((byte) l);
        }
      }
      case BOOL -> {
        for (boolean z : a.booleans()) {
          out.put((byte) (z ? 1 : 0));
        }
      }
    }
  }
}
