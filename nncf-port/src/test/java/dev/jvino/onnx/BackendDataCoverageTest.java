package dev.jvino.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model of ONNX's backend test data in {@code ../shared/onnx-backend-data/{pytorch-converted,
 * pytorch-operator,simple}}: converted, written as IR and read back, run on the reference engine with
 * the given {@code input_N.pb}, and compared with {@code output_N.pb} within
 * {@code |got - want| <= ATOL + RTOL * |want|} (NaN matches NaN). A model either matches, or is rejected by the converter
 * with the typed {@link UnsupportedOnnxException}; anything else (a mismatch, another exception) fails.
 * The outcome of every model is the table in {@code docs/onnx-coverage.md}, which must not drift
 * (regenerate it with {@code -Djvino.onnx.coverage.write=true}).
 */
class BackendDataCoverageTest {
  static final double RTOL = 1e-3;
  static final double ATOL = 1e-5;
  private static final List<String> SUITES = List.of("pytorch-converted", "pytorch-operator", "simple");

  @TempDir Path tmp;

  @Test
  void everyBackendModelMatchesOrIsRejectedWithTheTypedError() throws Exception {
    Map<String, String> outcome = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int matched = 0;
    Map<String, Integer> rejectedByReason = new TreeMap<>();
    for (String suite : SUITES) {
      Path dir = SharedFiles.file("onnx-backend-data/" + suite);
      List<Path> models;
      try (Stream<Path> s = Files.list(dir)) {
        models = s.filter(Files::isDirectory).sorted().toList();
      }
      for (Path m : models) {
        String key = suite + "/" + m.getFileName();
        try {
          String result = check(m);
          outcome.put(key, result);
          matched++;
        } catch (UnsupportedOnnxException e) {
          String reason = e.opType() != null ? "unsupported operator " + e.opType() : shortReason(e.getMessage());
          assertTrue(e.getMessage().contains("ovc"), "rejection must suggest ovc: " + e.getMessage());
          outcome.put(key, "rejected: " + reason);
          rejectedByReason.merge(reason, 1, Integer::sum);
        } catch (AssertionError e) {
          failures.add(key + ": " + e.getMessage());
        } catch (Exception e) {
          failures.add(key + ": " + e);
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " backend models failed:\n" + String.join("\n", failures));
    }
    String doc = render(outcome, matched, rejectedByReason);
    Path committed = docsFile();
    if (Boolean.getBoolean("jvino.onnx.coverage.write")) {
      Files.writeString(committed, doc);
    }
    assertTrue(Files.isRegularFile(committed), committed + " is missing; run with -Djvino.onnx.coverage.write=true");
    assertEquals(Files.readString(committed), doc, "docs/onnx-coverage.md drifted from the converter's real "
        + "coverage; regenerate with -Djvino.onnx.coverage.write=true");
    assertTrue(matched >= 100, "matched only " + matched);
  }

  /** Converts, round-trips through IR files, runs and compares; returns the table cell. */
  private String check(Path dir) throws IOException {
    Model converted = Convert.onnxToIr(dir.resolve("model.onnx"), tmp.resolve(dir.getFileName() + ".xml"),
        ConvertOptions.DEFAULT);
    Model m = IrReader.read(tmp.resolve(dir.getFileName() + ".xml"));
    assertEquals(converted.inputs().size(), m.inputs().size());
    Path data = dir.resolve("test_data_set_0");
    List<NdArray> inputs = new ArrayList<>();
    for (int i = 0; Files.exists(data.resolve("input_" + i + ".pb")); i++) {
      inputs.add(OnnxTensors.read(data.resolve("input_" + i + ".pb")));
    }
    List<NdArray> got;
    try {
      got = new ReferenceEngine().compile(m).createSession().infer(inputs).values();
    } catch (UnsupportedOpException e) {
      throw new AssertionError("converted, but the reference engine cannot run it: " + e.getMessage(), e);
    }
    double worst = 0;
    for (int i = 0; Files.exists(data.resolve("output_" + i + ".pb")); i++) {
      NdArray want = OnnxTensors.read(data.resolve("output_" + i + ".pb"));
      NdArray g = got.get(i);
      assertTrue(Arrays.equals(want.shape(), g.shape()), "output " + i + " shape " + Arrays.toString(g.shape())
          + ", expected " + Arrays.toString(want.shape()));
      double[] w = want.toDoubleArray();
      double[] v = g.toDoubleArray();
      for (int k = 0; k < w.length; k++) {
        if (Double.isNaN(w[k]) && Double.isNaN(v[k])) {
          continue; // NaN where the expected output has NaN (sqrt/pow of negatives)
        }
        double err = Math.abs(v[k] - w[k]);
        if (!(err <= ATOL + RTOL * Math.abs(w[k]))) {
          throw new AssertionError("output " + i + "[" + k + "] = " + v[k] + ", expected " + w[k]);
        }
        worst = Math.max(worst, err);
      }
    }
    return "matches";
  }

  private static String shortReason(String message) {
    int cut = message.indexOf("; convert this model");
    String s = cut > 0 ? message.substring(0, cut) : message;
    int colon = s.indexOf(": graph input");
    return colon >= 0 ? s.substring(colon + 2) : s;
  }

  static Path docsFile() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("mvnw"))) {
        return d.resolve("docs/onnx-coverage.md");
      }
    }
    throw new IllegalStateException("no repository root (with docs/ and mvnw) above " + Path.of("").toAbsolutePath());
  }

  private static String render(Map<String, String> outcome, int matched, Map<String, Integer> rejected) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ONNX conversion coverage of ONNX's backend test data\n\n");
    sb.append("Generated by `BackendDataCoverageTest` (nncf-port); the test fails when this file drifts from ")
        .append("the converter's behaviour. Each model in `../shared/onnx-backend-data/{pytorch-converted,")
        .append("pytorch-operator,simple}` is converted with `Convert.onnxToIr`, written as IR and read back, ")
        .append("run on the reference engine with `test_data_set_0/input_N.pb`, and compared with `output_N.pb` ")
        .append("within |got - want| <= ").append(ATOL).append(" + ").append(RTOL).append(" * |want|.\n\n");
    int total = outcome.size();
    sb.append("- models: ").append(total).append('\n');
    sb.append("- converted and matching: ").append(matched).append('\n');
    sb.append("- rejected with `UnsupportedOnnxException`: ").append(total - matched).append('\n');
    rejected.forEach((r, n) -> sb.append("  - ").append(r).append(": ").append(n).append('\n'));
    sb.append("\nOperators the converter maps: ").append(String.join(", ", OnnxOpTable.supported())).append(".\n");
    sb.append("\n| model | outcome |\n| --- | --- |\n");
    outcome.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    return sb.toString();
  }
}
