package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino quantize --accuracy-control} end to end: a 3-class classifier whose first MatMul input has a
 * huge outlier channel, so 8-bit per-tensor quantization of that input erases the class signal; the labels
 * travel in the validation HDF5 file.
 */
class QuantizeAccuracyControlCliTest {
  @TempDir Path dir;

  /** Logits = channels 1..3 of the input, through MatMul -> Relu -> MatMul; channel 0 (about 500) is ignored. */
  private static Model classifier() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4));
    float[] w1 = new float[4 * 6];
    for (int k = 0; k < 3; k++) {
      w1[(k + 1) * 6 + 2 * k] = 1;
      w1[(k + 1) * 6 + 2 * k + 1] = -1;
    }
    Node m1 = Ops.matMul(x.output(), Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {4, 6}, w1))
        .output(), false, false);
    m1.setName("matmul1");
    Node relu = Ops.relu(m1.output());
    relu.setName("relu");
    float[] w2 = new float[6 * 3];
    for (int c = 0; c < 3; c++) {
      w2[(2 * c) * 3 + c] = 1;
      w2[(2 * c + 1) * 3 + c] = -1;
    }
    Node m2 = Ops.matMul(relu.output(), Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, new long[] {6, 3},
        w2)).output(), false, false);
    m2.setName("matmul2");
    return new Model("classifier", List.of(x), List.of(Ops.result(m2.output())));
  }

  /** Writes {@code n} samples with clear labels; returns the file. */
  private Path data(String name, int n, boolean withLabels) {
    Random rnd = new Random(3);
    float[][] x = new float[n][];
    long[] labels = new long[n];
    int i = 0;
    while (i < n) {
      float[] v = {500 + (float) rnd.nextDouble() * 10, 0, 0, 0};
      for (int k = 1; k < 4; k++) {
        v[k] = (float) (rnd.nextDouble() * 1.8 - 0.9);
      }
      float[] s = {v[1], v[2], v[3]};
      float[] sorted = s.clone();
      java.util.Arrays.sort(sorted);
      if (sorted[2] - sorted[1] < 0.2) {
        continue;
      }
      labels[i] = s[0] == sorted[2] ? 0 : s[1] == sorted[2] ? 1 : 2;
      x[i++] = v;
    }
    Path h5 = dir.resolve(name);
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("x", x);
      if (withLabels) {
        w.putDataset("labels", labels);
      }
    }
    return h5;
  }

  @Test
  void top1WithLabelsInTheValidationFile() throws Exception {
    Path input = dir.resolve("cls.xml");
    IrWriter.write(classifier(), input);
    Path calib = data("calib.h5", 20, false);
    Path valid = data("valid.h5", 30, true);
    Path out = dir.resolve("q/cls_int8.xml");
    Path report = dir.resolve("q/report.json");
    MainTest.Run r = MainTest.run("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset",
        calib.toString(), "--subset-size", "20", "--engine", "reference", "--accuracy-control", "--max-drop", "0.01",
        "--drop-type", "absolute", "--validation", valid.toString(), "--metric", "top1", "--report", report.toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("iteration 0: reverted [matmul1]"), r.out());
    assertTrue(r.out().contains("required drop reached"), r.out());
    Model q = IrReader.read(out);
    assertEquals(List.of("relu/fq_output_0"), q.nodesOfType("FakeQuantize").stream().map(Node::name).toList());
    String json = Files.readString(report);
    assertTrue(json.contains("\"initial_metric\": 1.0"), json);
    assertTrue(json.contains("\"final_metric\": 1.0"), json);
    assertTrue(json.contains("\"operations\": [\"matmul1\"]"), json);
  }

  @Test
  void tuneHyperparamsRunsTheTunerBeforeTheLoop() throws Exception {
    Path input = dir.resolve("cls.xml");
    IrWriter.write(classifier(), input);
    Path calib = data("calib.h5", 20, false);
    Path valid = data("valid.h5", 30, true);
    Path report = dir.resolve("report.json");
    MainTest.Run r = MainTest.run("quantize", "-i", input.toString(), "-o", dir.resolve("o.xml").toString(),
        "--dataset", calib.toString(), "--subset-size", "20", "--engine", "reference", "--accuracy-control",
        "--validation", valid.toString(), "--metric", "top1", "--tune-hyperparams", "--report", report.toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("tuner: 16 combinations"), r.out());
    String json = Files.readString(report);
    assertTrue(json.contains("\"combinations_tried\": 16"), json);
    assertTrue(json.contains("\"trials\": ["), json);
    assertTrue(r.out().contains("required drop reached"), r.out());
  }

  @Test
  void logitsMetricWithoutLabelsAndRelativeDrop() throws Exception {
    Path input = dir.resolve("cls.xml");
    IrWriter.write(classifier(), input);
    Path calib = data("calib.h5", 20, false);
    MainTest.Run r = MainTest.run("quantize", "-i", input.toString(), "-o", dir.resolve("o.xml").toString(),
        "--dataset", calib.toString(), "--subset-size", "20", "--engine", "reference", "--accuracy-control",
        "--max-drop", "0.05", "--drop-type", "relative", "--validation", calib.toString(), "--metric", "logits");
    assertEquals(Main.OK, r.code(), r.err());
    // the fully quantized model's outputs are nothing like the float ones (1 - NMSE far below 1); reverting
    // matmul1 restores them up to matmul2's small quantization error
    assertTrue(r.out().contains("iteration 0: reverted [matmul1]"), r.out());
    assertTrue(r.out().contains("required drop reached"), r.out());
  }

  @Test
  void top1WithoutLabelsIsATypedError() throws Exception {
    Path input = dir.resolve("cls.xml");
    IrWriter.write(classifier(), input);
    Path calib = data("calib.h5", 4, false);
    MainTest.Run r = MainTest.run("quantize", "-i", input.toString(), "-o", dir.resolve("o.xml").toString(),
        "--dataset", calib.toString(), "--engine", "reference", "--accuracy-control", "--validation", calib.toString());
    assertEquals(Main.FAILURE, r.code());
    assertTrue(r.err().contains("needs a dataset named 'labels'"), r.err());
    MainTest.Run noValidation = MainTest.run("quantize", "-i", input.toString(), "-o", dir.resolve("o.xml").toString(),
        "--dataset", calib.toString(), "--engine", "reference", "--accuracy-control");
    assertEquals(Main.FAILURE, noValidation.code());
    assertTrue(noValidation.err().contains("needs --validation"), noValidation.err());
  }
}
