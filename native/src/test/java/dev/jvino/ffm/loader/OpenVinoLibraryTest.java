package dev.jvino.ffm.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenVinoLibraryTest {
  @TempDir Path sandbox;

  /** zlib stands in for the OpenVINO libraries: a real shared object every Debian machine has. */
  private static Path zlib() {
    return Stream.of("/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1")
        .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
  }

  @Test
  void loadsDependenciesThenTheCLibraryByAbsolutePath() throws IOException {
    Path z = zlib();
    assumeTrue(z != null, "no libz.so.1 on this machine");
    Path dir = Files.createDirectories(sandbox.resolve("lib"));
    Files.copy(z, dir.resolve("libopenvino_c.so"));
    Files.copy(z, dir.resolve("libopenvino.so"));
    var located = OpenVinoLocator.locate(FakeTrees.env(sandbox).set("JVINO_OPENVINO_DIR", dir).build());
    OpenVinoLibrary library = OpenVinoLibrary.load(located.location());
    assertTrue(library.find("zlibVersion").isPresent(), "symbol lookup goes to the loaded C library");
    assertTrue(library.find("ov_core_create").isEmpty());
    assertEquals(dir.resolve("libopenvino_c.so"), library.location().cLibrary());
  }

  @Test
  void aFileThatIsNotALibraryGivesATypedLoadError() throws IOException {
    Path dir = FakeTrees.flat(sandbox.resolve("broken"), "");
    var availability = OpenVinoLibrary.probe(FakeTrees.env(sandbox).set("JVINO_OPENVINO_DIR", dir).build());
    var unavailable = assertInstanceOf(OpenVinoLibrary.Unavailable.class, availability);
    var error = assertInstanceOf(OpenVinoLoadException.class, unavailable.error());
    assertEquals(dir.resolve("libopenvino.so"), error.library());
    assertTrue(unavailable.reason().startsWith("cannot load " + dir.resolve("libopenvino.so")), unavailable.reason());
  }

  @Test
  void missingRuntimeIsReportedWithTheOneLineReason() {
    var availability = OpenVinoLibrary.probe(FakeTrees.env(sandbox).build());
    var unavailable = assertInstanceOf(OpenVinoLibrary.Unavailable.class, availability);
    assertTrue(unavailable.reason().startsWith("no OpenVINO runtime (tried -Djvino.openvino.dir; JVINO_OPENVINO_DIR;"),
        unavailable.reason());
    assertEquals(List.copyOf(unavailable.attempts()), unavailable.attempts());
  }
}
