package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads the numpy-generated fixtures under {@code fixtures/engine/} (see tools/fixtures). */
final class Fixtures {
  private Fixtures() {}

  /** One case line of a {@code cases.txt}: its name and attributes. */
  record Case(String name, Map<String, String> attrs) {
    long[] longs(String key) {
      return Arrays.stream(attrs.get(key).split(",")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases(String group) {
    String text = new String(bytes(group + "/cases.txt"), StandardCharsets.UTF_8);
    return text.lines().filter(l -> !l.isBlank()).map(l -> {
      String[] parts = l.trim().split("\\s+");
      Map<String, String> attrs = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        attrs.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      }
      return new Case(parts[0], attrs);
    }).toList();
  }

  static boolean exists(String group, String file) {
    return Fixtures.class.getResource("/fixtures/engine/" + group + "/" + file) != null;
  }

  static NdArray npy(String group, String file) {
    ByteBuffer buf = ByteBuffer.wrap(bytes(group + "/" + file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    buf.get(magic);
    if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IllegalStateException(file + " is not a .npy file");
    }
    int major = buf.get();
    buf.get();
    int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
    byte[] hdr = new byte[headerLen];
    buf.get(hdr);
    String header = new String(hdr, StandardCharsets.ISO_8859_1);
    Matcher descr = Pattern.compile("'descr':\\s*'([^']+)'").matcher(header);
    Matcher shape = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw new IllegalStateException(file + ": unsupported header " + header);
    }
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    switch (descr.group(1)) {
      case "<f4" -> {
        float[] f = new float[n];
        buf.asFloatBuffer().get(f);
        return NdArray.f32(dims, f);
      }
      case "|b1" -> {
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
          b[i] = buf.get() != 0;
        }
        return NdArray.bools(dims, b);
      }
      case "<i8", "<i4" -> {
        boolean wide = descr.group(1).equals("<i8");
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = wide ? buf.getLong() : buf.getInt();
        }
        return wide ? NdArray.i64(dims, l) : NdArray.i32(dims, l);
      }
      default -> throw new IllegalStateException(file + ": unsupported dtype " + descr.group(1));
    }
  }

  private static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/engine/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts same shape and elementwise closeness {@code |a - e| <= atol + rtol * |e|}. */
  static void assertClose(NdArray expected, NdArray actual, double atol, double rtol, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      double tol = atol + rtol * Math.abs(e[i]);
      if (!(Math.abs(a[i] - e[i]) <= tol)) {
        org.junit.jupiter.api.Assertions.fail(what + ": element " + i + " expected " + e[i] + " got " + a[i]);
      }
    }
  }
}
