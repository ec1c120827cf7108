package dev.jvino.nncf.weights;

import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.NncfOrcReader;
import dev.jvino.nncf.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access to {@code shared/vectors}: the index, the weights and the case files. */
final class ReferenceVectors {
  private static final Map<String, float[]> WEIGHTS = new ConcurrentHashMap<>();
  private static volatile Map<String, Object> index;

  private ReferenceVectors() {}

  static Path dir() {
    return SharedFiles.file("vectors");
  }

  static Map<String, Object> index() {
    Map<String, Object> i = index;
    if (i == null) {
      try {
        i = MiniJson.obj(MiniJson.parse(Files.readString(dir().resolve("index.json"))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      index = i;
    }
    return i;
  }

  static List<Object> list(String key) {
    return MiniJson.list(index().get(key));
  }

  static float[] weight(String id) {
    return WEIGHTS.computeIfAbsent(id, k -> {
      try {
        return NncfOrcReader.read(dir().resolve("weights").resolve(k + ".bin.gz")).get("w").floats();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static Map<String, NncfOrcReader.Entry> caseFile(String file) {
    try {
      return NncfOrcReader.read(dir().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long[] longs(Object jsonList) {
    return MiniJson.list(jsonList).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
  }

  static float[] floats(Object jsonList) {
    List<Object> l = MiniJson.list(jsonList);
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      Object o = l.get(i);
      out[i] = o == null ? Float.NaN : ((Number) o).floatValue();
    }
    return out;
  }
}
