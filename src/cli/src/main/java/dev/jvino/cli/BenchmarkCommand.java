package dev.jvino.cli;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.Engines;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.NodeTimings;
import dev.jvino.engine.ProfilingSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.openvino.OpenVinoEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jvino benchmark}: latency and throughput of a model, after OpenVINO's benchmark_app. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Measure a model's inference latency and throughput, like OpenVINO's benchmark_app.",
      "Runs on jvino's reference engine, or OpenVINO's where a runtime exists (--engine).",
      "Reports read, compile and first-inference times, then count, duration, latency",
      "(median, average, min, max, p90, p99) and throughput (FPS = count * batch / duration)."
    })
final class BenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "-m", required = true, paramLabel = "MODEL.xml", description = "The OpenVINO IR to run.")
  Path model;

  @Option(names = "-d", defaultValue = "CPU", description = "Device (OpenVINO engine only). Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(names = "-hint", defaultValue = "none", description = "Performance hint: latency, throughput or none.")
  String hint;

  @Option(names = "-api", defaultValue = "sync", description = "sync (one request) or async (-nireq parallel requests).")
  String api;

  @Option(names = "-nireq", defaultValue = "0", description = "Parallel infer requests (async; default 2 for async).")
  int nireq;

  @Option(names = "-nstreams", defaultValue = "0", description = "Streams; on the reference engine: threads, like -nireq.")
  int nstreams;

  @Option(names = "-b", defaultValue = "0", description = "Batch: sets the first dimension of every input.")
  int batch;

  @Option(names = {"-shape", "-data_shape"}, description = "Input shapes, e.g. \"x[1,3,224,224],y[1,8]\".")
  @Nullable String shape;

  @Option(names = "-i", paramLabel = "inputs.h5", description = "Inputs from an HDF5 file (one sample per index).")
  @Nullable Path inputs;

  @Option(names = "-t", description = "Run for this many seconds (default 60 without -niter).")
  @Nullable Double seconds;

  @Option(names = "-niter", description = "Run this many inferences.")
  @Nullable Integer niter;

  @Option(names = "-pc", description = "Print per-layer counters (reference engine: per-node wall time; "
      + "OpenVINO: its profiling info, compiled with PERF_COUNT).")
  boolean perfCounters;

  @Option(names = "--engine", defaultValue = "auto", description = "reference, openvino or auto. Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "-json_stats", paramLabel = "out.json", description = "Write benchmark_app-style statistics as JSON.")
  @Nullable Path jsonStats;

  @Option(names = "--plot", paramLabel = "latency.png", description = "Write a latency histogram PNG.")
  @Nullable Path plot;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the random inputs. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    validate();
    Engine e = Engines.byName(engine);
    if (e instanceof OpenVinoEngine defaults) {
      // benchmark_app's device options: compile for -d with -hint/-nstreams instead of the CPU default
      defaults.close();
      dev.jvino.openvino.Properties p = dev.jvino.openvino.Properties.of();
      deviceProperties(hint, nstreams).forEach(p::setRaw);
      e = OpenVinoEngine.create(device, p, perfCounters);
    }
    try {
      return measure(out, e);
    } finally {
      if (e instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private Integer measure(PrintWriter out, Engine e) throws Exception {
    boolean reference = e instanceof ReferenceEngine;
    boolean async = api.equalsIgnoreCase("async");
    // on the reference engine a stream is a thread; on OpenVINO -nstreams is a device property
    int workers = Math.max(1, Math.max(nireq == 0 && async ? 2 : nireq, reference ? nstreams : 0));
    if (!async && (nireq > 1 || (reference && nstreams > 1))) {
      throw new ParameterException(spec.commandLine(), "-nireq" + (reference ? "/-nstreams" : "")
          + " above 1 need -api async");
    }
    out.println("[Step 1] Engine: " + e.name());
    if (reference) {
      out.println("  device options do not apply to the reference engine: -d " + device + " and -hint " + hint
          + " are ignored; it runs in this JVM on the CPU");
      if (async) {
        out.println("  -api async on the reference engine: " + workers + " sessions on " + workers
            + " threads (from -nireq/-nstreams)");
      }
    } else if (e instanceof OpenVinoEngine) {
      out.println("  device " + device + ", properties " + deviceProperties(hint, nstreams) + (async ? ", " + workers
          + " infer requests on " + workers + " threads" : ""));
    } else {
      out.println("  the " + e.name() + " engine compiles with its own device and properties: -d " + device
          + ", -hint " + hint + " and -nstreams are not forwarded to it");
      if (async) {
        out.println("  -api async: " + workers + " sessions on " + workers + " threads");
      }
    }

    long t0 = System.nanoTime();
    Model m = IrReader.read(model);
    double readMs = ms(System.nanoTime() - t0);
    out.printf(Locale.ROOT, "[Step 2] Read model %s: %.2f ms%n", model.getFileName(), readMs);

    List<Map<String, NdArray>> samples;
    if (inputs != null) {
      if (shape != null || batch > 0) {
        throw new ParameterException(spec.commandLine(), "-i takes shapes from the file; drop -shape/-b");
      }
      samples = BenchmarkInputs.fromHdf5(inputs, m);
      out.println("  inputs: " + samples.size() + " samples from " + inputs);
    } else {
      Map<String, long[]> shapes = shape == null ? Map.of() : BenchmarkInputs.parseShapes(shape);
      samples = List.of(BenchmarkInputs.random(m, shapes, batch, seed));
      out.println("  inputs: random, seed " + seed + (BenchmarkInputs.isTokenModel(m) ? " (token ids)" : ""));
    }
    for (var en : samples.get(0).entrySet()) {
      out.println("    " + en.getKey() + ": " + en.getValue().type().irName() + " "
          + java.util.Arrays.toString(en.getValue().shape()));
    }

    t0 = System.nanoTime();
    CompiledModel compiled = e.compile(m);
    double compileMs = ms(System.nanoTime() - t0);
    out.printf(Locale.ROOT, "[Step 3] Compile model: %.2f ms%n", compileMs);

    List<InferSession> sessions = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      sessions.add(compiled.createSession());
    }
    t0 = System.nanoTime();
    sessions.get(0).infer(samples.get(0));
    double firstMs = ms(System.nanoTime() - t0);
    out.printf(Locale.ROOT, "[Step 4] First inference: %.2f ms (not counted)%n", firstMs);

    NodeCounters counters = null;
    LayerCounterTable layers = null;
    if (perfCounters) {
      if (reference) {
        counters = new NodeCounters();
        for (InferSession s : sessions) {
          NodeTimings.attach(s, counters);
        }
      } else if (sessions.get(0) instanceof ProfilingSession) {
        layers = new LayerCounterTable();
        out.println("  -pc: per-layer counters read after each inference, outside its measured latency");
      } else {
        out.println("  -pc: the " + e.name() + " engine reports no per-layer counters; none collected");
      }
    }
    double limit = niter == null ? (seconds == null ? 60 : seconds) : (seconds == null ? Double.POSITIVE_INFINITY : seconds);
    long maxCount = niter == null ? Long.MAX_VALUE : niter;
    out.println("[Step 5] Measuring: " + (niter != null ? niter + " iterations" : "")
        + (niter != null && seconds != null ? " or " : "")
        + (seconds != null || niter == null ? limit + " s" : "") + ", " + workers + " thread(s)");
    LayerCounterTable table = layers;
    BenchmarkRunner.Result r = table == null ? BenchmarkRunner.run(sessions, samples, maxCount, limit)
        : BenchmarkRunner.run(sessions, samples, maxCount, limit,
            s -> table.add(((ProfilingSession) s).layerCounters()));
    LatencyStats stats = LatencyStats.of(r.latenciesMs());
    int batchSize = batch > 0 ? batch : 1;
    double durationMs = ms(r.durationNanos());
    double fps = r.latenciesMs().length * (double) batchSize / (r.durationNanos() / 1e9);

    if (counters != null) {
      counters.print(out, r.latenciesMs().length);
    }
    if (layers != null) {
      layers.print(out, "OpenVINO profiling on " + device);
    }
    out.println("[Step 6] Results");
    out.printf(Locale.ROOT, "Read model:       %.2f ms%n", readMs);
    out.printf(Locale.ROOT, "Compile model:    %.2f ms%n", compileMs);
    out.printf(Locale.ROOT, "First inference:  %.2f ms%n", firstMs);
    out.printf(Locale.ROOT, "Count:            %d iterations%n", stats.count());
    out.printf(Locale.ROOT, "Duration:         %.2f ms%n", durationMs);
    out.println("Latency:");
    out.printf(Locale.ROOT, "   Median:        %.2f ms%n", stats.median());
    out.printf(Locale.ROOT, "   Average:       %.2f ms%n", stats.average());
    out.printf(Locale.ROOT, "   Min:           %.2f ms%n", stats.min());
    out.printf(Locale.ROOT, "   Max:           %.2f ms%n", stats.max());
    out.printf(Locale.ROOT, "   p90:           %.2f ms%n", stats.p90());
    out.printf(Locale.ROOT, "   p99:           %.2f ms%n", stats.p99());
    out.printf(Locale.ROOT, "Throughput:       %.2f FPS%n", fps);

    if (jsonStats != null) {
      Map<String, String> setup = new LinkedHashMap<>();
      setup.put("topology", m.name());
      setup.put("target device", reference ? "reference (JVM)" : device);
      setup.put("API", async ? "async" : "sync");
      setup.put("batch size", String.valueOf(batchSize));
      setup.put("number of iterations", niter == null ? "0" : String.valueOf(niter));
      setup.put("number of parallel infer requests", String.valueOf(workers));
      setup.put("duration (ms)", seconds == null ? "0" : f2(seconds * 1000));
      Map<String, String> results = new LinkedHashMap<>();
      results.put("read model time (ms)", f2(readMs));
      results.put("compile model time (ms)", f2(compileMs));
      results.put("first inference time (ms)", f2(firstMs));
      results.put("total execution time (ms)", f2(durationMs));
      results.put("total number of iterations", String.valueOf(stats.count()));
      results.put("latency (ms)", f2(stats.median()));
      results.put("avg latency", f2(stats.average()));
      results.put("min latency", f2(stats.min()));
      results.put("max latency", f2(stats.max()));
      results.put("latency (90 percentile) (ms)", f2(stats.p90()));
      results.put("latency (99 percentile) (ms)", f2(stats.p99()));
      results.put("throughput", f2(fps));
      Map<String, String> cmd = new LinkedHashMap<>();
      for (var o : spec.commandLine().getParseResult().matchedOptions()) {
        cmd.put(o.longestName(), String.valueOf((Object) o.getValue()));
      }
      write(jsonStats, "{\n  \"cmd_options\": " + json(cmd) + ",\n  \"configuration_setup\": " + json(setup)
          + ",\n  \"execution_results\": " + json(results) + "\n}\n");
      out.println("Statistics written to " + jsonStats);
    }
    if (plot != null) {
      LatencyPlot.write(r.latenciesMs(), stats, m.name() + " on " + e.name() + ": latency histogram", plot);
      out.println("Latency histogram written to " + plot);
    }
    return Main.OK;
  }

  /** The OpenVINO compile properties for {@code -hint} and {@code -nstreams} (none for hint "none", streams 0). */
  static Map<String, String> deviceProperties(String hint, int nstreams) {
    Map<String, String> p = new LinkedHashMap<>();
    if (!hint.equalsIgnoreCase("none")) {
      p.put("PERFORMANCE_HINT", hint.toUpperCase(Locale.ROOT));
    }
    if (nstreams > 0) {
      p.put("NUM_STREAMS", String.valueOf(nstreams));
    }
    return p;
  }

  private void validate() {
    if (niter != null && niter <= 0) {
      throw new ParameterException(spec.commandLine(), "-niter must be at least 1, got " + niter);
    }
    if (seconds != null && !(seconds > 0)) {
      throw new ParameterException(spec.commandLine(), "-t must be a positive number of seconds, got " + seconds);
    }
    if (nireq < 0 || nstreams < 0 || batch < 0) {
      throw new ParameterException(spec.commandLine(), "-nireq, -nstreams and -b must not be negative");
    }
    if (!List.of("latency", "throughput", "none").contains(hint.toLowerCase(Locale.ROOT))) {
      throw new ParameterException(spec.commandLine(), "-hint must be latency, throughput or none, got '" + hint + "'");
    }
    if (!List.of("sync", "async").contains(api.toLowerCase(Locale.ROOT))) {
      throw new ParameterException(spec.commandLine(), "-api must be sync or async, got '" + api + "'");
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String json(Map<String, String> map) {
    StringBuilder b = new StringBuilder("{");
    String sep = "";
    for (var e : map.entrySet()) {
      b.append(sep).append("\n    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
      sep = ",";
    }
    return b.append("\n  }").toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
