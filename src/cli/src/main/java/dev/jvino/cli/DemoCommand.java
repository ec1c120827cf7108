package dev.jvino.cli;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.io.FileTrees;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.compression.CompressionResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvino demo}: builds a small LLM-shaped decoder, compresses it as NNCF would, and compares the
 * original and compressed models on jvino's reference engine. Needs no OpenVINO and no download.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a small stateful LLM-shaped decoder (embedding, RoPE, attention, MLP, lm_head; random",
      "weights), save it as IR, compress it with compress_weights (INT4_SYM with a ratio by default), and",
      "run both on the reference engine: prints sizes, NNCF's bitwidth table, the relative L2 error of the",
      "logits and the top-1 agreement of next-token predictions."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--mode", defaultValue = "int4_sym", converter = Converters.Mode.class, paramLabel = "MODE",
      description = "Compression mode (default int4_sym).")
  CompressWeightsMode mode;

  @Option(names = "--ratio", defaultValue = "0.8", paramLabel = "R",
      description = "Share of ratio-defining weights in the primary precision (default 0.8).")
  float ratio;

  @Option(names = "--group-size", defaultValue = "64", paramLabel = "N", description = "Group size (default 64).")
  int groupSize;

  @Option(names = "--prompts", defaultValue = "4", paramLabel = "N", description = "Prompts to compare (default 4).")
  int prompts;

  @Option(names = "--prompt-length", defaultValue = "32", paramLabel = "N", description = "Tokens per prompt (default 32).")
  int promptLength;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Keep the original and compressed IR here (default: a temporary folder, deleted afterwards).")
  @Nullable Path outputDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (prompts < 1 || promptLength < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--prompts and --prompt-length must be positive");
    }
    Path dir = outputDir != null ? Files.createDirectories(outputDir) : Files.createTempDirectory("jvino-demo");
    try {
      return run(out, dir);
    } finally {
      if (outputDir == null) {
        FileTrees.delete(dir);
      }
    }
  }

  private int run(PrintWriter out, Path dir) throws IOException {
    DecoderConfig config = DecoderConfig.demo();
    out.printf(Locale.ROOT, "Demo decoder: %d layers, hidden %d, %d heads, vocabulary %d, %,d parameters (f32), stateful.%n",
        config.layers(), config.hiddenSize(), config.heads(), config.vocabSize(), config.parameterCount());
    Path originalXml = dir.resolve("original.xml");
    IrWriter.write(DecoderModel.build(config), originalXml);

    Model original = IrReader.read(originalXml);
    List<Map<String, NdArray>> inputs = prompts(config, original);
    List<NdArray> reference = run(original, inputs);

    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(mode).ratio(ratio).groupSize(groupSize).build();
    out.printf(Locale.ROOT, "Compressing with mode=%s, ratio=%s, group_size=%d (data-free)...%n", mode.value(), ratio, groupSize);
    CompressionResult result = Nncf.compressWeights(IrReader.read(originalXml), options);
    Path compressedXml = dir.resolve("compressed.xml");
    IrWriter.write(result.model(), compressedXml);
    List<NdArray> compressed = run(IrReader.read(compressedXml), inputs);

    out.println(result.distribution().toTable());
    long before = Files.size(Sizes.bin(originalXml));
    long after = Files.size(Sizes.bin(compressedXml));
    out.printf(Locale.ROOT, "Weights (.bin): %s -> %s (%.2fx smaller)%n", Sizes.human(before), Sizes.human(after),
        (double) before / after);
    Comparison c = compare(reference, compressed);
    out.printf(Locale.ROOT, "Logits, compressed vs original, over %d prompts of %d tokens on the reference engine:%n",
        inputs.size(), promptLength);
    out.printf(Locale.ROOT, "  relative L2 error:      %.4f%n", c.relativeL2());
    out.printf(Locale.ROOT, "  top-1 agreement:        %.1f%% (%d of %d next-token predictions)%n",
        100.0 * c.agreeing() / c.positions(), c.agreeing(), c.positions());
    if (outputDir != null) {
      out.println("IR files: " + originalXml + ", " + compressedXml);
    }
    return Main.OK;
  }

  private List<Map<String, NdArray>> prompts(DecoderConfig config, Model model) {
    Set<String> names = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    SplittableRandom random = new SplittableRandom(2026);
    List<Map<String, NdArray>> out = new ArrayList<>();
    for (int p = 0; p < prompts; p++) {
      long[] ids = new long[promptLength];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextInt(config.vocabSize());
      }
      out.add(TokenSamples.forTokens(ids, names));
    }
    return out;
  }

  /** Logits of every prompt, each run from an empty key/value cache. */
  private static List<NdArray> run(Model model, List<Map<String, NdArray>> inputs) {
    InferSession session = new ReferenceEngine().compile(model).createSession();
    List<NdArray> logits = new ArrayList<>();
    for (Map<String, NdArray> in : inputs) {
      session.resetState();
      logits.add(session.infer(in).get("logits"));
    }
    return logits;
  }

  /** Relative L2 error and top-1 agreement of two lists of logits [1, S, V]. */
  record Comparison(double relativeL2, int agreeing, int positions) {}

  static Comparison compare(List<NdArray> reference, List<NdArray> candidate) {
    double diff = 0;
    double norm = 0;
    int agree = 0;
    int positions = 0;
    for (int p = 0; p < reference.size(); p++) {
      float[] a = reference.get(p).toFloatArray();
      float[] b = candidate.get(p).toFloatArray();
      long[] shape = reference.get(p).shape();
      int vocab = (int) shape[shape.length - 1];
      for (int i = 0; i < a.length; i++) {
        double d = (double) a[i] - b[i];
        diff += d * d;
        norm += (double) a[i] * a[i];
      }
      for (int row = 0; row < a.length / vocab; row++) {
        positions++;
        if (argmax(a, row * vocab, vocab) == argmax(b, row * vocab, vocab)) {
          agree++;
        }
      }
    }
    return new Comparison(Math.sqrt(diff / norm), agree, positions);
  }

  private static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
