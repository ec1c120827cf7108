package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;

  private static Path resource(String name) throws Exception {
    return Path.of(RunCommandTest.class.getResource("/npy/" + name).toURI());
  }

  @Test
  void readsNumpysFiles() throws Exception {
    NdArray f = Npy.read(resource("f32_2x3.npy"));
    assertEquals(ElementType.F32, f.type());
    assertArrayEquals(new long[] {2, 3}, f.shape());
    assertArrayEquals(new float[] {0.5f, -1f, 2f, 3.25f, 0f, -7.5f}, f.toFloatArray());
    NdArray l = Npy.read(resource("i64_4.npy"));
    assertArrayEquals(new long[] {1, -2, 3, 40000000000L}, l.toLongArray());
    NdArray u = Npy.read(resource("u8_2x2.npy"));
    assertEquals(ElementType.U8, u.type());
    assertArrayEquals(new long[] {0, 255, 7, 128}, u.toLongArray());
    NdArray s = Npy.read(resource("f64_scalar.npy"));
    assertEquals(0, s.rank());
    assertEquals(2.5, s.getDouble(0));
    assertArrayEquals(new boolean[] {true, false, true}, Npy.read(resource("bool_3.npy")).booleans());
    // what we write reads back, header aligned as NumPy's
    Path p = dir.resolve("back.npy");
    Npy.write(f, p);
    assertEquals(0, (Files.readAllBytes(p).length - 6 * 4) % 64);
    assertArrayEquals(f.toFloatArray(), Npy.read(p).toFloatArray());
    Files.writeString(dir.resolve("bad.npy"), "not numpy");
    Npy.NpyFormatException e = assertThrows(Npy.NpyFormatException.class, () -> Npy.read(dir.resolve("bad.npy")));
    assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
  }

  @Test
  void runsAConvertedModelFromNpyAndPbInputs() throws Exception {
    Path onnx = dir.resolve("m.onnx");
    Files.write(onnx, ConvertCommandTest.model(false));
    Path xml = dir.resolve("m.xml");
    assertEquals(Main.OK, MainTest.run("convert", onnx.toString(), "-o", xml.toString()).code());
    Path in = dir.resolve("x.npy");
    Npy.write(NdArray.f32(new long[] {2, 3}, 0, 0, 1, -1, 2, 0), in);
    MainTest.Run r = MainTest.run("run", xml.toString(), "-i", "x=" + in, "-o", dir.resolve("out").toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("y.npy"), r.out());
    float[] y = Npy.read(dir.resolve("out/y.npy")).toFloatArray();
    double[] s = {0, 1, 0, -1, 3, -1}; // x + [0, 1, -1]
    for (int i = 0; i < 6; i++) {
      assertEquals(1 / (1 + Math.exp(-s[i])), y[i], 1e-6);
    }
    // an ONNX TensorProto input, name left out (the model has one input)
    Path pb = dir.resolve("x.pb");
    Files.write(pb, ConvertCommandTest.message(t -> {
      t.writeInt64(1, 1);
      t.writeInt64(1, 3);
      t.writeInt32(2, 1);
      for (float v : new float[] {1f, 1f, 1f}) {
        t.writeFloat(4, v);
      }
    }));
    MainTest.Run r2 = MainTest.run("run", xml.toString(), "-i", pb.toString(), "-o", dir.resolve("out2").toString());
    assertEquals(Main.OK, r2.code(), r2.err());
    float[] y2 = Npy.read(dir.resolve("out2/y.npy")).toFloatArray();
    assertEquals(1 / (1 + Math.exp(-2)), y2[1], 1e-6);
    assertEquals(0.5, y2[2], 1e-6);
    MainTest.Run missing = MainTest.run("run", xml.toString(), "-i", "x=" + dir.resolve("nope.npy"));
    assertEquals(Main.FAILURE, missing.code());
    assertTrue(missing.err().contains("nope.npy"), missing.err());
  }
}
