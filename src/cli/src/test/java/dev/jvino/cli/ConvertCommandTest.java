package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  @TempDir Path dir;
  Path onnx;

  /** ONNX (field numbers of the spec): y = Sigmoid(x + c), c an initializer, x of shape [N, 3]; optional Hardmax tail. */
  static byte[] model(boolean unsupportedTail) throws Exception {
    byte[] graph = message(g -> {
      g.writeByteArray(1, message(n -> {
        n.writeString(1, "x");
        n.writeString(1, "c");
        n.writeString(2, "s");
        n.writeString(3, "add_0");
        n.writeString(4, "Add");
      }));
      g.writeByteArray(1, message(n -> {
        n.writeString(1, "s");
        n.writeString(2, "y");
        n.writeString(3, "sig_0");
        n.writeString(4, "Sigmoid");
      }));
      if (unsupportedTail) {
        g.writeByteArray(1, message(n -> {
          n.writeString(1, "y");
          n.writeString(2, "z");
          n.writeString(3, "hardmax_0");
          n.writeString(4, "Hardmax");
        }));
      }
      g.writeByteArray(5, message(t -> {
        t.writeInt64(1, 3);
        t.writeInt32(2, 1);
        t.writeString(8, "c");
        for (float v : new float[] {0f, 1f, -1f}) {
          t.writeFloat(4, v);
        }
      }));
      g.writeByteArray(11, valueInfo("x", -1, 3));
      g.writeByteArray(12, valueInfo(unsupportedTail ? "z" : "y", -1, 3));
    });
    return message(m -> {
      m.writeInt64(1, 8);
      m.writeByteArray(8, message(o -> {
        o.writeString(1, "");
        o.writeInt64(2, 13);
      }));
      m.writeByteArray(7, graph);
    });
  }

  interface Body {
    void write(CodedOutputStream out) throws Exception;
  }

  static byte[] message(Body body) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(b);
    body.write(out);
    out.flush();
    return b.toByteArray();
  }

  static byte[] valueInfo(String name, long... dims) throws Exception {
    return message(v -> {
      v.writeString(1, name);
      v.writeByteArray(2, message(type -> type.writeByteArray(1, message(tensor -> {
        tensor.writeInt32(1, 1);
        tensor.writeByteArray(2, message(shape -> {
          for (long d : dims) {
            shape.writeByteArray(1, message(dim -> {
              if (d < 0) {
                dim.writeString(2, "batch");
              } else {
                dim.writeInt64(1, d);
              }
            }));
          }
        }));
      }))));
    });
  }

  @BeforeEach
  void write() throws Exception {
    onnx = dir.resolve("model.onnx");
    Files.write(onnx, model(false));
  }

  @Test
  void convertsToIrThatComputesTheModel() throws Exception {
    Path xml = dir.resolve("out/model.xml");
    MainTest.Run r = MainTest.run("convert", onnx.toString(), "-o", xml.toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("input  x f32 [?,3]"), r.out());
    assertTrue(r.out().contains("output y f32 [?,3]"), r.out());
    Model m = IrReader.read(xml);
    NdArray y = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 3}, 0f, 0f, 1f))).get(0);
    float s = (float) (1 / (1 + Math.exp(-1)));
    assertArrayEquals(new float[] {0.5f, s, 0.5f}, y.toFloatArray(), 1e-6f);
  }

  @Test
  void inputShapeAndFp16Options() throws Exception {
    Path xml = dir.resolve("fixed.xml");
    MainTest.Run r = MainTest.run("convert", onnx.toString(), "-o", xml.toString(), "--input", "x[2,3]",
        "--compress-to-fp16", "--output", "y");
    assertEquals(Main.OK, r.code(), r.err());
    Model m = IrReader.read(xml);
    assertEquals(PartialShape.of(2, 3), m.inputs().get(0).shape());
    assertTrue(m.nodesOfType("Constant").stream().anyMatch(n -> n.output().elementType() == ElementType.F16));
    assertTrue(Files.readString(xml).contains("<compress_to_fp16 value=\"True\""));
  }

  @Test
  void unsupportedOperatorFailsNamingItAndSuggestingOvc() throws Exception {
    Path bad = dir.resolve("hardmax.onnx");
    Files.write(bad, model(true));
    MainTest.Run r = MainTest.run("convert", bad.toString(), "-o", dir.resolve("hardmax.xml").toString());
    assertEquals(Main.FAILURE, r.code());
    assertTrue(r.err().contains("ONNX operator Hardmax (node 'hardmax_0')") && r.err().contains("ovc"), r.err());
    assertTrue(!Files.exists(dir.resolve("hardmax.xml")));
    MainTest.Run cut = MainTest.run("convert", bad.toString(), "-o", dir.resolve("cut.xml").toString(),
        "--output", "y");
    assertEquals(Main.OK, cut.code(), cut.err());
  }

  @Test
  void malformedInputSpecIsAUsageError() {
    MainTest.Run r = MainTest.run("convert", onnx.toString(), "--input", "x:1,3");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("NAME[SHAPE]"), r.err());
  }
}
