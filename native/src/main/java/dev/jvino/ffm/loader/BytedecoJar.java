package dev.jvino.ffm.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An {@code org.bytedeco:openvino} platform jar. OpenVINO finds its plugins and frontends relative to
 * {@code libopenvino.so}, so the jar's native tree is extracted with its folders intact (flattening it
 * broke ONNX reading in javacpp-presets PR #1796), into a folder that is filled under a temporary name
 * and renamed into place only when complete.
 */
final class BytedecoJar {
  private BytedecoJar() {}

  static final String PLATFORM_PREFIX = "org/bytedeco/openvino/linux-x86_64/";
  private static final Pattern JAR_NAME = Pattern.compile("openvino-.*linux-x86_64.*\\.jar");

  static boolean looksLikeOpenVinoJar(Path entry) {
    Path name = entry.getFileName();
    return name != null && JAR_NAME.matcher(name.toString()).matches();
  }

  /**
   * Extracts the jar's {@code linux-x86_64} tree under {@code root} (reusing an earlier complete
   * extraction of the same jar) and returns the folder holding {@code libopenvino_c}.
   */
  static Optional<Path> extract(Path jar, Path root) throws IOException {
    String key = jar.getFileName().toString().replaceAll("\\.jar$", "")
        + "-" + Long.toHexString(Files.size(jar) ^ Files.getLastModifiedTime(jar).toMillis());
    Path target = root.resolve(key);
    if (!Files.isDirectory(target)) {
      Files.createDirectories(root);
      Path staging = Files.createTempDirectory(root, key + ".partial-");
      try {
        boolean any = unpack(jar, staging);
        if (!any) {
          return Optional.empty();
        }
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isDirectory(target)) {
            throw e;
          }
          // another process finished the same extraction first: use its copy
        }
      } finally {
        deleteTree(staging);
      }
    }
    try (Stream<Path> files = Files.walk(target, 12, FileVisitOption.FOLLOW_LINKS)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(LibraryDirs.C_LIBRARY))
          .map(Path::getParent)
          .min(Comparator.comparingInt(Path::getNameCount));
    }
  }

  private static boolean unpack(Path jar, Path staging) throws IOException {
    boolean any = false;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (!name.startsWith(PLATFORM_PREFIX) || name.length() == PLATFORM_PREFIX.length()) {
          continue;
        }
        Path dest = staging.resolve(name.substring(PLATFORM_PREFIX.length())).normalize();
        if (!dest.startsWith(staging)) {
          throw new IOException("refusing jar entry outside its folder: " + name + " in " + jar);
        }
        if (e.isDirectory()) {
          Files.createDirectories(dest);
          continue;
        }
        Files.createDirectories(dest.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        any = true;
      }
    }
    return any;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
