package dev.jvino.ffm.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenVinoLocatorTest {
  @TempDir Path sandbox;

  @Test
  void archiveLayoutFromOpenVinoInstallDirPreloadsTbbThenCore() throws IOException {
    Path root = FakeTrees.archive(sandbox.resolve("openvino_2026.0.0"));
    var located = OpenVinoLocator.locate(FakeTrees.env(sandbox).set("OPENVINO_INSTALL_DIR", root).build());
    RuntimeLocation l = located.location();
    Path lib = root.resolve("runtime/lib/intel64");
    assertEquals(SearchSource.OPENVINO_INSTALL_DIR, l.source());
    assertEquals(lib, l.libraryDir());
    assertEquals(lib.resolve("libopenvino_c.so.2026.0.0"), l.cLibrary());
    assertEquals(List.of(root.resolve("runtime/3rdparty/tbb/lib/libtbb.so.12"), lib.resolve("libopenvino.so.2026.0.0")),
        l.preload());
    assertEquals(lib, l.pluginDir());
    assertEquals(Optional.of("2026.0.0"), l.fileVersion());
  }

  @Test
  void intelOpenVinoDirIsTriedAfterAMissingInstallDir() throws IOException {
    Path root = FakeTrees.archive(sandbox.resolve("setupvars-root"));
    var located = OpenVinoLocator.locate(FakeTrees.env(sandbox)
        .set("OPENVINO_INSTALL_DIR", sandbox.resolve("nowhere"))
        .set("INTEL_OPENVINO_DIR", root).build());
    assertEquals(SearchSource.INTEL_OPENVINO_DIR, located.location().source());
    List<Attempt> attempts = located.attempts();
    assertEquals(new Attempt(SearchSource.OPENVINO_INSTALL_DIR, sandbox.resolve("nowhere").toString(), "does not exist"),
        attempts.get(2));
    assertEquals(SearchSource.INTEL_OPENVINO_DIR, attempts.get(3).source());
    assertEquals(4, attempts.size());
  }

  @Test
  void systemPropertyComesFirstAndAnEmptyExplicitDirStopsTheSearch() throws IOException {
    Path good = FakeTrees.archive(sandbox.resolve("good"));
    Path prop = FakeTrees.flat(sandbox.resolve("prop"), "");
    var located = OpenVinoLocator.locate(FakeTrees.env(sandbox)
        .prop("jvino.openvino.dir", prop).set("OPENVINO_INSTALL_DIR", good).build());
    assertEquals(SearchSource.SYSTEM_PROPERTY, located.location().source());
    assertEquals(prop.resolve("libopenvino_c.so"), located.location().cLibrary());

    Path empty = Files.createDirectories(sandbox.resolve("empty"));
    var e = assertThrows(OpenVinoNotFoundException.class, () -> OpenVinoLocator.locate(FakeTrees.env(sandbox)
        .set("JVINO_OPENVINO_DIR", empty).set("OPENVINO_INSTALL_DIR", good).build()));
    assertTrue(e.getMessage().contains("JVINO_OPENVINO_DIR (" + empty + "): no libopenvino_c.so* in " + empty),
        e.getMessage());
    assertTrue(e.getMessage().contains("set explicitly but holds no runtime; not searching further"), e.getMessage());
    assertTrue(e.attempts().stream().noneMatch(a -> a.source() == SearchSource.OPENVINO_INSTALL_DIR));
  }

  @Test
  void ldLibraryPathEntriesAreTriedInOrder() throws IOException {
    Path first = Files.createDirectories(sandbox.resolve("a"));
    Path second = FakeTrees.flat(sandbox.resolve("b"), ".2621");
    var located = OpenVinoLocator.locate(FakeTrees.env(sandbox)
        .set("LD_LIBRARY_PATH", first + ":" + second).build());
    assertEquals(SearchSource.LD_LIBRARY_PATH, located.location().source());
    assertEquals(second.resolve("libopenvino_c.so.2621"), located.location().cLibrary());
    assertEquals(Optional.of("2026.2.1"), located.location().fileVersion());
    assertTrue(located.attempts().contains(
        new Attempt(SearchSource.LD_LIBRARY_PATH, first.toString(), "no libopenvino_c.so* in " + first)));
  }

  @Test
  void newestOptIntelInstallWins() throws IOException {
    FakeTrees.archive(sandbox.resolve("opt/intel/openvino_2025.4.0"));
    Path newest = FakeTrees.archive(sandbox.resolve("opt/intel/openvino_2026.1.0"));
    var located = OpenVinoLocator.locate(FakeTrees.env(sandbox).build());
    assertEquals(SearchSource.OPT_INTEL, located.location().source());
    assertEquals(newest.resolve("runtime/lib/intel64"), located.location().libraryDir());
  }

  @Test
  void aptLayoutFindsVersionedLibrariesAndTheirPluginFolder() throws IOException {
    Path dir = sandbox.resolve("usr/lib/x86_64-linux-gnu");
    FakeTrees.file(dir.resolve("libopenvino_c.so.2600"));
    FakeTrees.file(dir.resolve("libopenvino_c.so.2026.0.0"));
    FakeTrees.file(dir.resolve("libopenvino.so.2026.0.0"));
    FakeTrees.file(dir.resolve("libtbb.so.12"));
    FakeTrees.file(dir.resolve("openvino-2026.0.0/libopenvino_intel_cpu_plugin.so"));
    var l = OpenVinoLocator.locate(FakeTrees.env(sandbox).build()).location();
    assertEquals(SearchSource.SYSTEM_LIBRARY_DIR, l.source());
    assertEquals(dir.resolve("libopenvino_c.so.2026.0.0"), l.cLibrary());
    assertEquals(dir.resolve("openvino-2026.0.0"), l.pluginDir());
    assertEquals(List.of(dir.resolve("libtbb.so.12"), dir.resolve("libopenvino.so.2026.0.0")), l.preload());
  }

  @Test
  void pipWheelLibsFolder() throws IOException {
    Path libs = sandbox.resolve("site-packages/openvino/libs");
    FakeTrees.flat(libs, ".2600");
    FakeTrees.file(libs.resolve("libtbb.so.12"));
    var l = OpenVinoLocator.locate(FakeTrees.env(sandbox).build()).location();
    assertEquals(SearchSource.PYTHON_WHEEL, l.source());
    assertEquals(libs.resolve("libopenvino_c.so.2600"), l.cLibrary());
    assertEquals(Optional.of("2026.0.0"), l.fileVersion());
  }

  @Test
  void bytedecoJarIsExtractedWithItsTreeIntactAndReused() throws IOException {
    String p = "org/bytedeco/openvino/linux-x86_64/";
    Path jar = FakeTrees.bytedecoJar(sandbox.resolve("m2/openvino-2026.1.0-1.5.14-linux-x86_64.jar"), List.of(
        p + "runtime/lib/intel64/libopenvino_c.so.2610",
        p + "runtime/lib/intel64/libopenvino.so.2610",
        p + "runtime/lib/intel64/libopenvino_intel_cpu_plugin.so",
        p + "runtime/lib/intel64/libopenvino_onnx_frontend.so.2610",
        p + "runtime/3rdparty/tbb/lib/libtbb.so.12"));
    FakeTrees.Env env = FakeTrees.env(sandbox);
    env.classPath = List.of(sandbox.resolve("m2/other.jar"), jar);
    var l = OpenVinoLocator.locate(env.build()).location();
    assertEquals(SearchSource.BYTEDECO_JAR, l.source());
    Path lib = l.libraryDir();
    assertTrue(lib.endsWith(Path.of("runtime/lib/intel64")), lib.toString());
    assertTrue(Files.isRegularFile(lib.resolve("libopenvino_intel_cpu_plugin.so")), "plugins stay beside libopenvino");
    assertTrue(Files.isRegularFile(lib.resolve("libopenvino_onnx_frontend.so.2610")), "frontends stay beside libopenvino");
    assertEquals(lib.resolve("../../3rdparty/tbb/lib/libtbb.so.12").normalize(), l.preload().get(0));
    assertEquals(Optional.of("2026.1.0"), l.fileVersion());

    Files.writeString(lib.resolve("marker"), "kept");
    var again = OpenVinoLocator.locate(env.build()).location();
    assertEquals(lib, again.libraryDir());
    assertTrue(Files.exists(again.libraryDir().resolve("marker")), "a complete extraction is reused");
    try (var s = Files.list(sandbox.resolve("extract"))) {
      assertEquals(1, s.count(), "no partial extraction folders are left behind");
    }
  }

  @Test
  void bytedecoJarEntriesEscapingTheirFolderAreRefused() throws IOException {
    String p = "org/bytedeco/openvino/linux-x86_64/";
    Path jar = FakeTrees.bytedecoJar(sandbox.resolve("openvino-linux-x86_64.jar"),
        List.of(p + "libopenvino_c.so", p + "../../../../evil.so"));
    FakeTrees.Env env = FakeTrees.env(sandbox);
    env.classPath = List.of(jar);
    var e = assertThrows(OpenVinoNotFoundException.class, () -> OpenVinoLocator.locate(env.build()));
    assertTrue(e.getMessage().contains("cannot extract: refusing jar entry outside its folder"), e.getMessage());
    assertTrue(Files.notExists(sandbox.resolve("evil.so")));
  }

  @Test
  void cLibraryWithoutCoreLibraryIsReported() throws IOException {
    Path dir = sandbox.resolve("half");
    FakeTrees.file(dir.resolve("libopenvino_c.so"));
    var e = assertThrows(OpenVinoNotFoundException.class,
        () -> OpenVinoLocator.locate(FakeTrees.env(sandbox).set("OPENVINO_INSTALL_DIR", dir).build()));
    assertTrue(e.getMessage().contains("found libopenvino_c.so but no libopenvino.so* beside it"), e.getMessage());
  }

  @Test
  void nothingFoundListsEveryPlaceAndHowToFixIt() {
    var e = assertThrows(OpenVinoNotFoundException.class,
        () -> OpenVinoLocator.locate(FakeTrees.env(sandbox).set("LD_LIBRARY_PATH", "/nonexistent/lib").build()));
    for (SearchSource s : SearchSource.values()) {
      assertTrue(e.attempts().stream().anyMatch(a -> a.source() == s), "no attempt recorded for " + s);
      assertTrue(e.getMessage().contains(s.label()), "message does not name " + s.label());
    }
    assertTrue(e.getMessage().startsWith("No OpenVINO runtime found. Places tried:"));
    assertTrue(e.getMessage().contains("-Djvino.openvino.dir=DIR"));
    assertTrue(e.triedSummary().contains("LD_LIBRARY_PATH /nonexistent/lib"), e.triedSummary());
  }

  @Test
  void versionsAreReadFromFileNames() {
    assertEquals(Optional.of("2026.0.0"), LibraryDirs.versionOf("libopenvino_c.so.2026.0.0", "libopenvino_c.so"));
    assertEquals(Optional.of("2024.6.0"), LibraryDirs.versionOf("libopenvino_c.so.2460", "libopenvino_c.so"));
    assertEquals(Optional.of("2025.1.0"), LibraryDirs.versionOf("libopenvino_c.so.2510", "libopenvino_c.so"));
    assertEquals(Optional.of("2026"), LibraryDirs.versionOf("libopenvino_c.so.2026", "libopenvino_c.so"));
    assertEquals(Optional.empty(), LibraryDirs.versionOf("libopenvino_c.so", "libopenvino_c.so"));
    assertEquals(Optional.empty(), LibraryDirs.versionOf("libopenvino_c.so.1", "libopenvino_c.so"));
  }
}
