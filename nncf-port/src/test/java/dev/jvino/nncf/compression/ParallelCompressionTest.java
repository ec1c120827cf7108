package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several {@link Nncf#compressWeights} calls on different models in parallel threads produce exactly
 * what the same calls produce one after the other: the serialized weights are byte-identical and the
 * {@code .xml} texts are equal up to the process-wide numbers in auto-generated node names, so no state
 * leaks between concurrent compressions.
 */
class ParallelCompressionTest {
  /** One job: a model (built fresh from its seed) and the options to compress it with. */
  private record Job(long seed, CompressWeightsOptions options) {
    Model model() {
      return DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, seed));
    }
  }

  private static List<Job> jobs() {
    return List.of(
        new Job(3, CompressWeightsOptions.builder().build()),
        new Job(4, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).ratio(0.8f).groupSize(16).build()),
        new Job(5, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(16).build()),
        new Job(6, CompressWeightsOptions.builder().mode(CompressWeightsMode.NF4).ratio(0.6f).groupSize(16).build()),
        new Job(7, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT8_SYM).build()),
        new Job(8, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(32).build()));
  }

  /**
   * The {@code .xml} text with the numbers of auto-named nodes ({@code Constant_44}, {@code Convert_2430})
   * masked: like OpenVINO's, those come from one process-wide counter, so they depend on how many nodes
   * were created before (by any thread), not on the model.
   */
  private static String withoutNodeIds(byte[] xml) {
    return new String(xml, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\b([A-Z][A-Za-z0-9]*)_\\d+\\b", "$1_#");
  }

  /** The compressed model as the writer would store it: .xml bytes, then the weights. */
  private static byte[][] compressed(Job job) {
    Model m = job.model();
    Nncf.compressWeights(m, job.options());
    IrWriter.Serialized s = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    return new byte[][] {s.xml(), s.weights().toArray(ValueLayout.JAVA_BYTE)};
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety bound against a deadlock, not a benchmark
  void parallelCallsGiveTheSequentialResults() throws Exception {
    List<Job> jobs = jobs();
    List<byte[][]> sequential = new ArrayList<>();
    for (Job j : jobs) {
      sequential.add(compressed(j));
    }
    ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<byte[][]>> parallel = new ArrayList<>();
      for (Job j : jobs) {
        Callable<byte[][]> task = () -> {
          start.await();
          return compressed(j);
        };
        parallel.add(pool.submit(task));
      }
      start.countDown();
      for (int i = 0; i < jobs.size(); i++) {
        byte[][] got = parallel.get(i).get(100, TimeUnit.SECONDS);
        assertEquals(withoutNodeIds(sequential.get(i)[0]), withoutNodeIds(got[0]), "xml of job " + i);
        assertArrayEquals(sequential.get(i)[1], got[1], "weights of job " + i);
      }
    } finally {
      pool.shutdownNow();
    }
    // the jobs really differ (different seeds and modes), so equal outputs are not trivially equal
    for (int i = 1; i < jobs.size(); i++) {
      assertTrue(sequential.get(i)[1].length != sequential.get(0)[1].length
          || !java.util.Arrays.equals(sequential.get(i)[1], sequential.get(0)[1]), "job " + i);
    }
    assertEquals(jobs.size(), sequential.size());
  }
}
