package dev.jvino.nncf.quantization;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.testing.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the JSON fixtures of tools/fixtures/gen_ptq_fixtures.py and NNCF's reference JSONs. */
final class PtqFixtures {
  private PtqFixtures() {}

  static Map<String, Object> resource(String name) {
    try (InputStream in = PtqFixtures.class.getResourceAsStream("/fixtures/ptq/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource fixtures/ptq/" + name);
      }
      return MiniJson.obj(MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> file(Path p) {
    try {
      return MiniJson.obj(MiniJson.parse(Files.readString(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code {"shape": [...], "data": [...]}} as an f32 array, or {@code {"shape": [...], "npy": "group/file.npy"}}
   * naming a numpy file of {@code fixtures/engine/} (the generator's way to share large arrays, not copy them).
   */
  static NdArray f32(Object o) {
    Map<String, Object> m = MiniJson.obj(o);
    long[] shape = MiniJson.list(m.get("shape")).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    if (m.get("npy") instanceof String npy) {
      int slash = npy.indexOf('/');
      NdArray a = dev.jvino.engine.ref.EngineFixtures.npy(npy.substring(0, slash), npy.substring(slash + 1));
      if (!java.util.Arrays.equals(a.shape(), shape)) {
        throw new IllegalStateException(npy + ": shape " + java.util.Arrays.toString(a.shape()) + ", fixture says "
            + java.util.Arrays.toString(shape));
      }
      return a;
    }
    List<Object> data = MiniJson.list(m.get("data"));
    float[] f = new float[data.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) ((Number) data.get(i)).doubleValue();
    }
    return NdArray.f32(shape, f);
  }

  /** {@code {"shape": [...], "data": [...]}} as f64 values. */
  static double[] doubles(Object o) {
    return MiniJson.list(MiniJson.obj(o).get("data")).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  /** A number or nested lists of numbers (NNCF's JSON dumps): its shape. */
  static long[] nestedShape(Object o) {
    List<Long> dims = new ArrayList<>();
    while (o instanceof List<?> l) {
      dims.add((long) l.size());
      o = l.isEmpty() ? null : l.getFirst();
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  /** A number or nested lists of numbers, flattened in row-major order. */
  static double[] nestedValues(Object o) {
    List<Double> out = new ArrayList<>();
    flatten(o, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(Object o, List<Double> out) {
    if (o instanceof List<?> l) {
      l.forEach(x -> flatten(x, out));
    } else {
      out.add(((Number) o).doubleValue());
    }
  }
}
