package dev.jvino.bench;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of NNCF's data-free weight lowering ({@link WeightLowering#lower}) on an f32
 * {@code [rows, cols]} weight reduced over axis 1. Bytes per second of input = ops/s x rows x cols x 4.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WeightLoweringBench {

  /** {@code mode:groupSize}, e.g. {@code int4_sym:128}. */
  @Param({"int4_sym:128", "int4_asym:128", "int8_asym:-1", "nf4:128", "fp4:128", "fp8_e4m3:128", "mxfp4:32"})
  public String config;

  @Param({"4096"})
  public int rows;

  @Param({"4096"})
  public int cols;

  private float[] weight;
  private long[] shape;
  private CompressWeightsMode mode;
  private int groupSize;

  @Setup
  public void setUp() {
    String[] parts = config.split(":");
    mode = CompressWeightsMode.fromValue(parts[0]);
    groupSize = Integer.parseInt(parts[1]);
    shape = new long[] {rows, cols};
    weight = new float[rows * cols];
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) (random.nextGaussian() * 0.02);
    }
  }

  @Benchmark
  public CompressedWeight lower() {
    return WeightLowering.lower(weight, shape, 1, mode, groupSize);
  }
}
