package dev.jvino.bench;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.statistics.Reducer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * NNCF's per-sample statistic reducers as jvino runs them in Java ({@link Reducer#reduce}, the
 * non-inplace path) on one f32 activation of shape [1, 128, 2048] (one 128-token sample of a 2048-wide
 * hidden state, 1 MiB), reducing the batch and token axes (0, 1) as the min-max and weight-compression
 * statistics do, beside {@link #maxAbsBaseline}: the plain max-abs pass over the same float array in
 * the same run. {@code min_max} runs the Min and the Max reducer, what one min-max statistic point costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class StatisticsReducerBench {

  /** The activation every benchmark of this suite reads. */
  @State(Scope.Benchmark)
  public static class Activation {
    NdArray x;

    @Setup
    public void setUp() {
      float[] v = new float[128 * 2048];
      SplittableRandom r = new SplittableRandom(9);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 3);
      }
      x = NdArray.f32(new long[] {1, 128, 2048}, v);
    }
  }

  /** The reducer(s) measured. */
  @State(Scope.Benchmark)
  public static class Reducers {
    @Param({"min_max", "abs_max", "mean", "mean_variance", "max_variance", "mean_abs_max"})
    public String reducer;

    List<Reducer> reducers;

    @Setup
    public void setUp() {
      reducers = forName(reducer);
    }
  }

  static List<Reducer> forName(String name) {
    List<Integer> axes = List.of(0, 1);
    return switch (name) {
      case "min_max" -> List.of(new Reducer.Min(axes, false), new Reducer.Max(axes, false));
      case "abs_max" -> List.of(new Reducer.AbsMax(axes, false));
      case "mean" -> List.of(new Reducer.Mean(axes, false));
      case "mean_variance" -> List.of(new Reducer.MeanVariance(axes, false));
      case "max_variance" -> List.of(new Reducer.MaxVariance(axes, false));
      case "mean_abs_max" -> List.of(new Reducer.MeanAbsMax(axes, false));
      default -> throw new IllegalArgumentException("unknown reducer '" + name + "'");
    };
  }

  @Benchmark
  public void reduce(Activation a, Reducers r, Blackhole bh) {
    for (Reducer reducer : r.reducers) {
      bh.consume(reducer.reduce(a.x));
    }
  }

  @Benchmark
  public float maxAbsBaseline(Activation a) {
    return Baselines.maxAbs(a.x.floats());
  }
}
