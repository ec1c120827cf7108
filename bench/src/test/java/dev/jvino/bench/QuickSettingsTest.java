package dev.jvino.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.TimeValue;
import org.junit.jupiter.api.Test;

/**
 * The README's quick settings ({@code -f 1 -wi 2 -i 3}) set iteration counts only; their wall time comes
 * from each suite's iteration time. Every timed suite must declare 2 s iterations (JMH's default is 10 s,
 * which alone would take the full run past 30 minutes); single-shot suites run one call per iteration.
 */
class QuickSettingsTest {
  private static List<BenchmarkListEntry> entries() throws Exception {
    try (InputStream in = QuickSettingsTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
      return BenchmarkList.readBenchmarkList(in);
    }
  }

  @Test
  void everyTimedSuiteUsesTwoSecondIterations() throws Exception {
    TimeValue two = new TimeValue(2, TimeUnit.SECONDS);
    for (BenchmarkListEntry e : entries()) {
      if (e.getMode() == Mode.SingleShotTime) {
        continue;
      }
      assertEquals(two, e.getWarmupTime().orElse(null), e.getUsername() + " warmup time");
      assertEquals(two, e.getMeasurementTime().orElse(null), e.getUsername() + " measurement time");
    }
  }

  @Test
  void theSuitesOfIssue12AreListed() throws Exception {
    Set<String> classes = new TreeSet<>();
    for (BenchmarkListEntry e : entries()) {
      classes.add(e.getUserClassQName().substring("dev.jvino.bench.".length()));
    }
    assertTrue(classes.containsAll(List.of("NibblePackingBench", "StatisticsReducerBench", "CompressWeights1BBench",
        "AttentionBench", "StatisticsCollectionBench",
        "BindingsBench")), classes.toString());
    assertEquals(Mode.SingleShotTime, entries().stream()
        .filter(e -> e.getUserClassQName().endsWith("CompressWeights1BBench")).findFirst().orElseThrow().getMode());
  }
}
