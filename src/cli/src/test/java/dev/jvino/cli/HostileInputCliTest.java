package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile files given to {@code jvino}: one clear line naming the file, exit code 1, nothing leaked. */
class HostileInputCliTest {
  @TempDir Path dir;

  /** The HDF5 fuzzing finding: a 100-byte file whose header made jhdf allocate gigabytes. */
  private static final String HUGE_HEADER_H5 = "iUhERg0KGgoCCAgAAAAAAAAAAAD//////////90BAAAAAAAAQAAAAAAAAADWF98gAAAAAAAAAAAAAAAAAAAAAE9"
      + "IRFICAiwxMy4wIC0gTGludXggLSBhbWQ2NCAtIExFAAAAAAYNAAABEAEBeIlIREYNChoKAggIAAAAAAAAAAAA///////////dAdYAAA==";

  @Test
  void entityExpansionAndExternalEntitiesFailWithOneLine() throws Exception {
    Path laughs = dir.resolve("laughs.xml");
    Files.writeString(laughs, "<?xml version=\"1.0\"?>\n<!DOCTYPE net [\n <!ENTITY a \"aaaaaaaaaa\">\n"
        + " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<net name=\"&b;\" version=\"11\"><layers/></net>\n");
    MainTest.Run a = MainTest.run("info", laughs.toString());
    assertEquals(Main.FAILURE, a.code(), a.err());
    assertTrue(a.err().contains(laughs.toString()), a.err());
    assertEquals(1, a.err().strip().lines().count(), a.err());
    Path xxe = dir.resolve("xxe.xml");
    Files.writeString(xxe, "<?xml version=\"1.0\"?>\n<!DOCTYPE net [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        + "<net name=\"&x;\" version=\"11\"><layers/></net>\n");
    MainTest.Run b = MainTest.run("info", "--json", xxe.toString());
    assertEquals(Main.FAILURE, b.code(), b.err());
    assertFalse((b.out() + b.err()).contains("root:"), b.out() + b.err());
  }

  @Test
  void hostileDatasetIsAOneLineErrorAndNoOutputIsWritten() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = dir.resolve("hostile.h5");
    Files.write(h5, Base64.getDecoder().decode(HUGE_HEADER_H5));
    Path out = dir.resolve("out.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(),
        "--dataset", h5.toString(), "--mode", "int4_sym", "--ratio", "0.5", "--group-size", "16");
    assertEquals(Main.FAILURE, r.code(), r.err());
    assertTrue(r.err().contains(h5.toString()), r.err());
    assertFalse(Files.exists(out));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".")).count());
    }
  }
}
