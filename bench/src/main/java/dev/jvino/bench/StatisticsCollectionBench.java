package dev.jvino.bench;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.compression.ActivationStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Statistics collection for compress_weights with a dataset (NNCF's activation means and shapes plus the
 * MAX_ACTIVATION_VARIANCE statistic, one pass over {@value #SAMPLES} prompts of {@code tokens} tokens) on
 * the demo decoder and the reference engine, in samples/s, beside plain inference of the same prompts in
 * the same run: the ratio is what the statistic points and reducers cost on top of the forward passes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class StatisticsCollectionBench {
  static final int SAMPLES = 4;

  @Param({"32"})
  public int tokens;

  private Model model;
  private List<Map<String, NdArray>> prompts;
  private InferSession plain;

  @Setup
  public void setUp() {
    DecoderConfig config = DecoderConfig.demo();
    model = DecoderModel.build(config);
    Set<String> names = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    prompts = new ArrayList<>();
    for (int s = 0; s < SAMPLES; s++) {
      long[] ids = new long[tokens];
      for (int i = 0; i < tokens; i++) {
        ids[i] = (i * 131 + s * 17 + 7) % config.vocabSize();
      }
      prompts.add(TokenSamples.forTokens(ids, names));
    }
    plain = new ReferenceEngine().compile(model).createSession();
  }

  /** One statistics pass (it compiles the model with its statistic outputs, as compress_weights does). */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public ActivationStatistics collectStatistics() {
    return ActivationStatistics.collect(model, Dataset.of(prompts), SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        true, SAMPLES, new ReferenceEngine());
  }

  /** The same prompts through the already compiled model, nothing collected. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public NdArray plainInference() {
    NdArray last = null;
    for (Map<String, NdArray> p : prompts) {
      plain.resetState();
      last = plain.infer(p).get("logits");
    }
    return last;
  }
}
