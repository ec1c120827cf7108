package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvino quantize} on a small CNN with an HDF5 calibration set, on the reference engine. */
class QuantizeCommandTest {
  @TempDir Path dir;

  private static Output conv(Output x, String name, int cin, int cout, SplittableRandom r) {
    float[] w = new float[cout * cin * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.3);
    }
    float[] b = new float[cout];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) (r.nextGaussian() * 0.1 + 0.2);
    }
    Node c = Ops.convolution(x, Ops.constant(name + ".weight", ConstantData.ofFloats(ElementType.F32,
        new long[] {cout, cin, 3, 3}, w)).output(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
        new long[] {1, 1});
    c.setName(name);
    Node add = Ops.add(c.output(), Ops.constant(name + ".bias", ConstantData.ofFloats(ElementType.F32,
        new long[] {1, cout, 1, 1}, b)).output());
    add.setName(name + "/add");
    Node relu = Ops.relu(add.output());
    relu.setName(name + "/relu");
    return relu.output();
  }

  static Model cnn() {
    SplittableRandom r = new SplittableRandom(7);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3, 8, 8));
    Output y = conv(x.output(), "conv1", 3, 8, r);
    y = conv(y, "conv2", 8, 8, r);
    return new Model("cnn", List.of(x), List.of(Ops.result(y)));
  }

  static float[][][][] samples(int n) {
    SplittableRandom r = new SplittableRandom(11);
    float[][][][] s = new float[n][3][8][8];
    for (float[][][] a : s) {
      for (float[][] b : a) {
        for (float[] c : b) {
          for (int i = 0; i < c.length; i++) {
            c[i] = (float) r.nextDouble(-1, 1);
          }
        }
      }
    }
    return s;
  }

  private static float[] flat(float[][][] s) {
    float[] out = new float[3 * 64];
    int k = 0;
    for (float[][] a : s) {
      for (float[] b : a) {
        for (float v : b) {
          out[k++] = v;
        }
      }
    }
    return out;
  }

  @Test
  void quantizesACnnFromAnHdf5Dataset() throws Exception {
    Path input = dir.resolve("cnn.xml");
    IrWriter.write(cnn(), input);
    Path h5 = dir.resolve("calib.h5");
    float[][][][] data = samples(8);
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("x", data);
    }
    Path out = dir.resolve("q/cnn_int8.xml");
    MainTest.Run r = MainTest.run("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset", h5.toString(),
        "--subset-size", "8", "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().startsWith("Inserted 4 quantizers (2 on weights, 2 folded into int8 constants) from 8"
        + " calibration samples; 2 biases corrected"), r.out());

    Model q = IrReader.read(out);
    // activations: the model input and the output of conv1's fused Convolution+Add+Relu; weights folded
    assertEquals(List.of("conv1/relu/fq_output_0", "x/fq_output_0"),
        q.nodesOfType("FakeQuantize").stream().map(Node::name).sorted().toList());
    for (String conv : List.of("conv1", "conv2")) {
      Node mul = q.node(conv).orElseThrow().inputNode(1);
      assertEquals("Multiply", mul.type(), conv);
      assertEquals(ElementType.I8, mul.inputNode(0).inputNode(0).output().elementType(), conv + " weight is int8");
    }
    // close to the float model on a calibration sample
    NdArray x = NdArray.f32(new long[] {1, 3, 8, 8}, flat(data[0]));
    float[] ref = new ReferenceEngine().compile(cnn()).createSession().infer(List.of(x)).get(0).toFloatArray();
    float[] got = new ReferenceEngine().compile(q).createSession().infer(List.of(x)).get(0).toFloatArray();
    double err = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      err += (ref[i] - got[i]) * (ref[i] - got[i]);
      norm += ref[i] * ref[i];
    }
    assertTrue(Math.sqrt(err / norm) < 0.03, "relative L2 error " + Math.sqrt(err / norm));
  }

  @Test
  void optionErrorsAreTypedAndNothingIsWritten() throws Exception {
    Path input = dir.resolve("cnn.xml");
    IrWriter.write(cnn(), input);
    Path h5 = dir.resolve("calib.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("x", samples(2));
    }
    Path out = dir.resolve("o.xml");
    MainTest.Run bad = MainTest.run("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset", h5.toString(),
        "--preset", "fast");
    assertEquals(Main.USAGE, bad.code());
    assertTrue(bad.err().contains("unknown preset 'fast'"), bad.err());
    MainTest.Run fp8 = MainTest.run("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset", h5.toString(),
        "--fp8", "e4m3", "--preset", "mixed", "--engine", "reference");
    assertEquals(Main.FAILURE, fp8.code());
    assertEquals("jvino: error: preset option with mixed value is not supported with the mode option!", fp8.err().strip());
    MainTest.Run subset = MainTest.run("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset", h5.toString(),
        "--subset-size", "0");
    assertEquals("jvino: error: Subset size must be positive.", subset.err().strip());
    assertFalse(Files.exists(out));
    assertEquals(List.of("calib.h5", "cnn.bin", "cnn.xml"), Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
  }
}
