package dev.jvino.bench;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Weight lowering throughput on one 4096x4096 f32 weight (64 MiB), the size NNCF's numpy path was
 * timed on, beside {@link #maxAbsBaseline}: a plain read-only pass over the same array in the same run.
 * GB/s of f32 input = ops/s x 0.0671; the ratio to the baseline is the share of memory speed reached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class WeightLoweringBench {

  /**
   * mode:groupSize. The first four are NNCF's reference timings (INT4_SYM g128, INT4_ASYM g128, INT8_ASYM
   * per channel, NF4 g128); the float modes follow.
   */
  @Param({"int4_sym:128", "int4_asym:128", "int8_asym:-1", "nf4:128", "fp4:128", "fp8_e4m3:128", "mxfp4:32"})
  public String config;

  @Param({"4096"})
  public int size;

  private float[] weight;
  private long[] shape;
  private CompressWeightsMode mode;
  private int groupSize;

  @Setup
  public void setUp() {
    String[] parts = config.split(":");
    mode = CompressWeightsMode.fromValue(parts[0]);
    groupSize = Integer.parseInt(parts[1]);
    shape = new long[] {size, size};
    weight = new float[size * size];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) (random.nextGaussian() * 0.02);
    }
  }

  @Benchmark
  public CompressedWeight lower() {
    return WeightLowering.lower(weight, shape, 1, mode, groupSize);
  }

  @Benchmark
  public float maxAbsBaseline() {
    return Baselines.maxAbs(weight);
  }
}
