package dev.jvino.bench;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.Engine;
import dev.jvino.engine.Engines;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The scale run of issue 5 (not a JMH benchmark, not in CI): weight compression's activation statistics
 * (the per-sample mean at the activation input of every MatMul, and its shape) over {@code samples}
 * prompts of {@code tokens} tokens on a ~50M-parameter decoder, on the engine {@code jvino.engine} picks.
 * Run after ./build test with:
 * {@code mvn -pl bench jmh:run -Djmh.mainClass=dev.jvino.bench.StatisticsScaleRun -Djmh.args="300 128"}.
 */
public final class StatisticsScaleRun {
  private StatisticsScaleRun() {}

  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    DecoderConfig config = new DecoderConfig(24000, 512, 8, 8, 1408, 10000.0, 50);
    long t0 = System.nanoTime();
    Model model = DecoderModel.build(config);
    List<StatisticPoint> points = new ArrayList<>();
    for (Node mm : model.nodesOfType("MatMul")) {
      points.add(new StatisticPoint(new TargetPoint(TargetType.PRE_LAYER_OPERATION, mm.name(), 0),
          Collectors.weightCompressionMean(List.of(0, 1), OptionalInt.of(samples)), "weight_compression"));
    }
    Set<String> names = model.parameters().stream().map(Node::name).collect(java.util.stream.Collectors.toSet());
    SplittableRandom random = new SplittableRandom(1);
    List<Map<String, NdArray>> prompts = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      long[] ids = new long[tokens];
      for (int i = 0; i < tokens; i++) {
        ids[i] = random.nextInt(config.vocabSize());
      }
      prompts.add(TokenSamples.forTokens(ids, names));
    }
    Engine engine = Engines.auto();
    long t1 = System.nanoTime();
    int done = new StatisticsCollector(engine)
        .progress((i, n) -> {
          if (i % 25 == 0 || i == samples) {
            System.out.printf(Locale.ROOT, "  %d/%d samples, %.1f s%n", i, samples, (System.nanoTime() - t1) / 1e9);
          }
        })
        .collect(model, points, Dataset.of(prompts), samples);
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "decoder: %,d parameters; engine: %s; %d statistic points%n",
        config.parameterCount(), engine.name(), points.size());
    System.out.printf(Locale.ROOT, "collected %d samples of %d tokens in %.1f s (model build %.1f s)%n",
        done, tokens, (t2 - t1) / 1e9, (t1 - t0) / 1e9);
  }
}
