package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening an IR whose sparse .bin is 10 GiB, in a JVM limited to 256 MB of heap. */
class LazyWeightsTest {
  @TempDir Path dir;

  @Test
  void sparseTenGigabyteBinOpensWithoutReadingWeights() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Xshare:off", "-cp",
        System.getProperty("java.class.path"), SparseOpenMain.class.getName(), dir.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
    assertEquals(0, p.exitValue(), out);
    Map<String, Long> v = new HashMap<>();
    for (String line : out.lines().toList()) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2 && kv[1].matches("-?\\d+")) {
        v.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    assertEquals(202, v.get("ops"), out);
    assertEquals(100 * ((10L << 30) / 100 / 4 * 4), v.get("weightBytes"), out);
    assertEquals(0, v.get("requested"), out);
    assertTrue(v.get("rssGrowthKb") < 64 * 1024, out);
    assertTrue(v.get("summaryLines") > 3, out);
    for (String k : List.of("ops", "requested", "rssGrowthKb")) {
      assertNotNull(v.get(k), out);
    }
  }
}
