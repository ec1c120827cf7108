package dev.jvino.nncf.statistics.cache;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.io.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * NNCF's statistics cache directory ({@code nncf.common.tensor_statistics.statistics_serializer}): one
 * safetensors file per statistic (its tensors are the statistic's fields) and
 * {@value #METADATA_FILE} holding {@code "mapping"} (file name to statistic key), {@code "backend"} and
 * the additional fields ({@code "subset_size"} for weight compression).
 *
 * <p>File names are the statistic key with every character that is not a word character replaced by
 * {@code _}, then {@code _<n>} (the n-th key with that sanitized name) and {@code .safetensors}.
 * Loading validates as NNCF does (metadata present, backend equal, every mapped file present) and, beyond
 * NNCF, rejects mapped names that are not plain file names of the directory. Dumping is atomic: the
 * directory is written under a temporary name next to it and renamed into place, so a reader never sees a
 * half-written cache.
 */
public final class StatisticsCacheDir {
  /** The metadata file name. */
  public static final String METADATA_FILE = "statistics_metadata.json";
  /** The extension of the statistic files. */
  public static final String EXTENSION = ".safetensors";
  /** NNCF's {@code BackendType.OPENVINO.value}. */
  public static final String OPENVINO = "openvino";
  private static final long MAX_METADATA_BYTES = 64L << 20;

  private StatisticsCacheDir() {}

  /**
   * A loaded cache.
   *
   * @param statistics the statistics by key, each a map of field name to tensor
   * @param metadata the whole metadata object
   */
  public record Loaded(Map<String, Map<String, NdArray>> statistics, Map<String, Object> metadata) {
    /** The {@code subset_size} the cache was collected with, if recorded as an integer. */
    public OptionalLong subsetSize() {
      return metadata.get("subset_size") instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
    }
  }

  /** Python's {@code re.sub(r"[^\w]", "_", name)} on a str: one {@code _} per non-word code point. */
  public static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    name.codePoints().forEach(cp -> {
      if (isWord(cp)) {
        sb.appendCodePoint(cp);
      } else {
        sb.append('_');
      }
    });
    return sb.toString();
  }

  /** Python's Unicode {@code \w}: {@code _} or a code point for which {@code str.isalnum()} holds. */
  static boolean isWord(int cp) {
    if (cp == '_' || Character.isLetter(cp)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  /** The file names NNCF gives the keys, in order: sanitized, numbered per sanitized name, with the extension. */
  public static Map<String, String> fileNames(Iterable<String> keys) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : keys) {
      String s = sanitize(key);
      int n = counts.merge(s, 1, Integer::sum);
      out.put(key, s + "_" + n + EXTENSION);
    }
    return out;
  }

  /**
   * Loads a cache directory.
   *
   * @param backend the expected backend value ({@link #OPENVINO})
   * @throws StatisticsCacheException naming the directory or file: no metadata, invalid metadata, another
   *     backend, a missing or malformed statistics file
   */
  public static Loaded load(Path dir, String backend) {
    Path metaFile = dir.resolve(METADATA_FILE);
    if (Files.isSymbolicLink(metaFile)) {
      throw new StatisticsCacheException("statistics metadata " + metaFile + " is a symbolic link, which is refused"
          + " (as NNCF's safe_open)");
    }
    if (!Files.isRegularFile(metaFile)) {
      throw new StatisticsCacheException("Metadata file does not exist in the following path: " + dir);
    }
    String text;
    try {
      if (Files.size(metaFile) > MAX_METADATA_BYTES) {
        throw new StatisticsCacheException("statistics metadata " + metaFile + " is larger than "
            + MAX_METADATA_BYTES + " bytes");
      }
      text = new String(Files.readAllBytes(metaFile), StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new StatisticsCacheException("cannot read statistics metadata " + metaFile + ": " + ex, ex);
    }
    if (!(CacheJson.parse(text, metaFile.toString()) instanceof Map<?, ?> raw)) {
      throw new StatisticsCacheException("statistics metadata " + metaFile + " is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) raw;
    if (!metadata.containsKey("backend")) {
      throw new StatisticsCacheException("statistics metadata " + metaFile
          + ": The provided metadata has no information about backend.");
    }
    Object got = metadata.get("backend");
    if (!backend.equals(got)) {
      throw new StatisticsCacheException("statistics metadata " + metaFile + ": Backend in loaded statistics "
          + got + " does not match the expected backend " + backend + ".");
    }
    if (!(metadata.get("mapping") instanceof Map<?, ?> mapping)) {
      throw new StatisticsCacheException("statistics metadata " + metaFile + " has no \"mapping\" object");
    }
    Path base = dir.toAbsolutePath().normalize();
    for (Map.Entry<?, ?> e : mapping.entrySet()) {
      String file = (String) e.getKey();
      if (!(e.getValue() instanceof String)) {
        throw new StatisticsCacheException("statistics metadata " + metaFile + " maps " + file
            + " to a non-string key");
      }
      Path p = base.resolve(file).normalize();
      if (file.isEmpty() || !base.equals(p.getParent())) {
        throw new StatisticsCacheException("statistics metadata " + metaFile + " maps '" + file
            + "', which is not a file name inside " + dir);
      }
      if (Files.isSymbolicLink(p)) {
        throw new StatisticsCacheException("statistics file " + dir.resolve(file) + " is a symbolic link, which is"
            + " refused");
      }
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new StatisticsCacheException("One of the statistics file: " + dir.resolve(file) + " does not exist.");
      }
    }
    Map<String, Map<String, NdArray>> stats = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : mapping.entrySet()) {
      stats.put((String) e.getValue(), Safetensors.read(dir.resolve((String) e.getKey())));
    }
    return new Loaded(stats, metadata);
  }

  /**
   * Writes a cache directory atomically (NNCF's {@code dump_statistics}).
   *
   * @param additional metadata fields after {@code mapping} and {@code backend} (e.g. {@code subset_size})
   * @throws StatisticsCacheException if {@code dir} already exists or cannot be written
   */
  public static void dump(Map<String, Map<String, NdArray>> statistics, Path dir, String backend,
      Map<String, Object> additional) {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
      Map<String, String> names = fileNames(statistics.keySet());
      Map<String, Object> mapping = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, NdArray>> e : statistics.entrySet()) {
        String file = names.get(e.getKey());
        mapping.put(file, e.getKey());
        Files.write(tmp.resolve(file), Safetensors.encode(e.getValue()));
      }
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("mapping", mapping);
      metadata.put("backend", backend);
      metadata.putAll(additional);
      Files.writeString(tmp.resolve(METADATA_FILE), CacheJson.pythonIndented(metadata), StandardCharsets.UTF_8);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new StatisticsCacheException("statistics cache " + dir + " appeared while it was being written");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException ex) {
        Files.move(tmp, target);
      }
      tmp = null;
    } catch (IOException ex) {
      throw new StatisticsCacheException("cannot write statistics cache " + dir + ": " + ex, ex);
    } finally {
      if (tmp != null) {
        FileTrees.deleteQuietly(tmp);
      }
    }
  }
}
