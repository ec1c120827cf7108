package dev.jvino.ffm.loader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds fake OpenVINO installs (empty files with the real names) and environments over them. */
final class FakeTrees {
  private FakeTrees() {}

  static Path file(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "fake " + path.getFileName());
    return path;
  }

  /** An archive install: runtime/lib/intel64 with the libraries, TBB in runtime/3rdparty/tbb/lib. */
  static Path archive(Path root) throws IOException {
    Path lib = root.resolve("runtime/lib/intel64");
    file(lib.resolve("libopenvino_c.so"));
    file(lib.resolve("libopenvino_c.so.2026.0.0"));
    file(lib.resolve("libopenvino.so.2026.0.0"));
    file(lib.resolve("libopenvino_intel_cpu_plugin.so"));
    file(root.resolve("runtime/3rdparty/tbb/lib/libtbb.so.12"));
    return root;
  }

  /** A folder holding the libraries directly, with the given file name suffix (e.g. ".2621"). */
  static Path flat(Path dir, String suffix) throws IOException {
    file(dir.resolve("libopenvino_c.so" + suffix));
    file(dir.resolve("libopenvino.so" + suffix));
    return dir;
  }

  /** A jar laid out as bytedeco's platform jar: the native tree under org/bytedeco/openvino/linux-x86_64/. */
  static Path bytedecoJar(Path jar, List<String> entries) throws IOException {
    Files.createDirectories(jar.getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("org/bytedeco/openvino/presets/openvino.class"));
      zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
      zip.closeEntry();
      for (String name : entries) {
        zip.putNextEntry(new ZipEntry(name));
        if (!name.endsWith("/")) {
          OutputStream out = zip;
          out.write(("fake " + name).getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** An environment with nothing set and every fixed folder pointing inside {@code sandbox}. */
  static Env env(Path sandbox) {
    return new Env(sandbox);
  }

  static final class Env {
    final Path sandbox;
    final Map<String, String> vars = new HashMap<>();
    final Map<String, String> props = new HashMap<>();
    Path optIntel;
    List<Path> systemLibs;
    List<Path> sitePackages;
    List<Path> classPath = List.of();

    Env(Path sandbox) {
      this.sandbox = sandbox;
      this.optIntel = sandbox.resolve("opt/intel");
      this.systemLibs = List.of(sandbox.resolve("usr/lib/x86_64-linux-gnu"));
      this.sitePackages = List.of(sandbox.resolve("site-packages"));
    }

    Env set(String name, Object value) {
      vars.put(name, value.toString());
      return this;
    }

    Env prop(String name, Object value) {
      props.put(name, value.toString());
      return this;
    }

    LookupEnvironment build() {
      return new LookupEnvironment(vars::get, props::get, optIntel, systemLibs, sitePackages, classPath,
          sandbox.resolve("extract"));
    }
  }
}
