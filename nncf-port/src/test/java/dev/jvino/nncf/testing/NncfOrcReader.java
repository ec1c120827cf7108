package dev.jvino.nncf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the {@code NNCFORC1} container of the reference vectors (gzip; little-endian records of name,
 * dtype, dims and payload). Test tooling only.
 */
public final class NncfOrcReader {
  /** One record. */
  public record Entry(String name, int dtype, long[] dims, byte[] payload) {
    public static final int FLOAT32 = 1;
    public static final int FLOAT16 = 2;
    public static final int INT8 = 3;
    public static final int UINT8 = 4;
    public static final int INT32 = 5;
    public static final int INT64 = 6;
    public static final int FLOAT64 = 7;
    public static final int STRING = 8;
    public static final int UINT16 = 9;

    private ByteBuffer buf() {
      return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }

    public long count() {
      long c = 1;
      for (long d : dims) {
        c *= d;
      }
      return c;
    }

    public float[] floats() {
      expect(FLOAT32);
      float[] out = new float[payload.length / 4];
      buf().asFloatBuffer().get(out);
      return out;
    }

    /** float16 raw bits. */
    public short[] halfBits() {
      expect(FLOAT16);
      short[] out = new short[payload.length / 2];
      buf().asShortBuffer().get(out);
      return out;
    }

    public byte[] bytes() {
      if (dtype != INT8 && dtype != UINT8) {
        throw new IllegalStateException(name + ": dtype " + dtype + " is not a byte type");
      }
      return payload.clone();
    }

    public int[] ints() {
      expect(INT32);
      int[] out = new int[payload.length / 4];
      buf().asIntBuffer().get(out);
      return out;
    }

    public int scalarInt() {
      int[] v = ints();
      if (v.length != 1) {
        throw new IllegalStateException(name + " is not a scalar");
      }
      return v[0];
    }

    public String string() {
      expect(STRING);
      return new String(payload, StandardCharsets.UTF_8);
    }

    private void expect(int type) {
      if (dtype != type) {
        throw new IllegalStateException(name + ": dtype " + dtype + ", expected " + type);
      }
    }
  }

  private NncfOrcReader() {}

  /** All records of a {@code .bin.gz} file, by name, in file order. */
  public static Map<String, Entry> read(Path file) throws IOException {
    byte[] raw;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      in.transferTo(bos);
      raw = bos.toByteArray();
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    b.get(magic);
    if (!"NNCFORC1".equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IOException(file + ": bad magic");
    }
    int version = b.getInt();
    if (version != 1) {
      throw new IOException(file + ": unsupported version " + version);
    }
    long n = Integer.toUnsignedLong(b.getInt());
    Map<String, Entry> out = new LinkedHashMap<>();
    for (long r = 0; r < n; r++) {
      int len = Short.toUnsignedInt(b.getShort());
      byte[] name = new byte[len];
      b.get(name);
      int dtype = Byte.toUnsignedInt(b.get());
      int ndim = Byte.toUnsignedInt(b.get());
      long[] dims = new long[ndim];
      for (int i = 0; i < ndim; i++) {
        dims[i] = Integer.toUnsignedLong(b.getInt());
      }
      long size = b.getLong();
      if (size < 0 || size > b.remaining()) {
        throw new IOException(file + ": record payload of " + size + " bytes overruns the file");
      }
      byte[] payload = new byte[(int) size];
      b.get(payload);
      String key = new String(name, StandardCharsets.UTF_8);
      out.put(key, new Entry(key, dtype, dims, payload));
    }
    if (b.hasRemaining()) {
      throw new IOException(file + ": " + b.remaining() + " bytes after the last record");
    }
    return out;
  }
}
