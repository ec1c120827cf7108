package dev.jvino.bench;

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
 * The plain read-only pass over an f32 array that the kernel suites compare against: every kernel that
 * streams weights reports its throughput beside this one, measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class BaselineBench {

  @Param({"1048576"})
  public int length;

  private float[] data;

  @Setup
  public void setUp() {
    data = new float[length];
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < length; i++) {
      data[i] = (float) random.nextGaussian();
    }
  }

  /** Max-abs over the whole array: the memory-bound floor of any weight-lowering kernel. */
  @Benchmark
  public float maxAbs() {
    return Baselines.maxAbs(data);
  }
}
