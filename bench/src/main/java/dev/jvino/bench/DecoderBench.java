package dev.jvino.bench;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * Samples per second of the demo decoder (one prompt of {@code tokens} tokens from an empty cache) on the
 * reference engine, the original f32 model beside its INT4_SYM-compressed copy in the same run (the
 * compressed one decompresses its weights as constants are folded at compile time, so the two differ only
 * by what folding leaves in the graph).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class DecoderBench {
  @Param({"32"})
  public int tokens;

  private InferSession original;
  private InferSession compressed;
  private Map<String, NdArray> prompt;

  @Setup
  public void setUp() {
    DecoderConfig config = DecoderConfig.demo();
    Model model = DecoderModel.build(config);
    Set<String> names = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    long[] ids = new long[tokens];
    for (int i = 0; i < tokens; i++) {
      ids[i] = (i * 131 + 7) % config.vocabSize();
    }
    prompt = TokenSamples.forTokens(ids, names);
    original = new ReferenceEngine().compile(model).createSession();
    Model small = DecoderModel.build(config);
    Nncf.compressWeights(small, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).ratio(0.8f)
        .groupSize(64).build());
    compressed = new ReferenceEngine().compile(small).createSession();
  }

  @Benchmark
  public NdArray originalSample() {
    original.resetState();
    return original.infer(prompt).get("logits");
  }

  @Benchmark
  public NdArray compressedSample() {
    compressed.resetState();
    return compressed.infer(prompt).get("logits");
  }
}
