package dev.jvino.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.nncf.testing.SharedFiles;
import dev.jvino.onnx.OnnxModel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReaderTest {
  @TempDir Path tmp;

  @Test
  void readsBackendConvModel() throws Exception {
    Path dir = SharedFiles.file("onnx-backend-data/pytorch-converted/test_Conv2d");
    OnnxModel m = OnnxReader.read(dir.resolve("model.onnx"));
    assertEquals(6, m.defaultOpset());
    assertEquals(1, m.graph().nodes().size());
    OnnxModel.Node conv = m.graph().nodes().get(0);
    assertEquals("Conv", conv.opType());
    assertEquals(OnnxModel.AttributeType.INTS, conv.attributes().get("kernel_shape").type());
    Tensor w = m.graph().initializers().stream().filter(t -> t.name().equals(conv.inputs().get(1)))
        .findFirst().orElseThrow();
    assertEquals(4, w.dims().length);
    assertEquals(w.dims()[0] * w.dims()[1] * w.dims()[2] * w.dims()[3] * 4, w.data().byteSize());
    Tensor in = OnnxReader.readTensor(dir.resolve("test_data_set_0/input_0.pb"));
    assertEquals(1, in.dataType());
    assertEquals(4, in.dims().length);
    OnnxModel.ValueInfo gi = m.graph().inputs().get(0);
    assertEquals("tensor", gi.kind());
    assertEquals(Arrays.stream(in.dims()).boxed().toList(),
        gi.shape().stream().map(OnnxModel.Dim::value).toList());
  }

  @Test
  void typedFieldsSymbolicDimsAndAttributes() {
    byte[] bytes = OnnxBytes.model(13, g -> g.string(2, "g")
        .message(1, OnnxBytes.node("LeakyRelu", "lr", new String[] {"x"}, new String[] {"y"},
            n -> OnnxBytes.floatAttr(n, "alpha", 0.25f)))
        .message(5, OnnxBytes.floatTensor("w", new long[] {2}, 1.5f, -2f))
        .message(5, OnnxBytes.longTensor("s", new long[] {3}, 1, -1, 7))
        .message(11, OnnxBytes.valueInfo("x", 1, -1, 4))
        .message(12, OnnxBytes.valueInfo("y", 1, -1, 4)));
    OnnxModel m = OnnxReader.read(bytes, "mem.onnx", null);
    assertEquals(13, m.defaultOpset());
    assertEquals(0.25f, m.graph().nodes().get(0).attributes().get("alpha").f());
    ConstantData w = TensorData.toConstant(m.graph().initializers().get(0), "mem.onnx");
    assertArrayEquals(new float[] {1.5f, -2f}, w.toFloatArray());
    ConstantData s = TensorData.toConstant(m.graph().initializers().get(1), "mem.onnx");
    assertArrayEquals(new long[] {1, -1, 7}, s.toLongArray());
    OnnxModel.Dim d0 = m.graph().inputs().get(0).shape().get(0);
    assertEquals("N", d0.param());
    assertEquals(4, m.graph().inputs().get(0).shape().get(1).value());
  }

  @Test
  void externalDataIsReadFromTheModelFolder() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(16 + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.position(16);
    b.putFloat(3f).putFloat(-1f).putFloat(0.5f);
    Files.write(tmp.resolve("weights.bin"), b.array());
    byte[] bytes = OnnxBytes.model(13, g -> g.message(5, t -> t.varint(1, 3).varint(2, 1).string(8, "w")
        .message(13, e -> e.string(1, "location").string(2, "weights.bin"))
        .message(13, e -> e.string(1, "offset").string(2, "16"))
        .message(13, e -> e.string(1, "length").string(2, "12"))
        .varint(14, 1)));
    Path model = tmp.resolve("m.onnx");
    Files.write(model, bytes);
    Tensor t = OnnxReader.read(model).graph().initializers().get(0);
    assertArrayEquals(new float[] {3f, -1f, 0.5f}, TensorData.toConstant(t, "m").toFloatArray());

    byte[] escaping = OnnxBytes.model(13, g -> g.message(5, t2 -> t2.varint(1, 3).varint(2, 1).string(8, "w")
        .message(13, e -> e.string(1, "location").string(2, "../weights.bin")).varint(14, 1)));
    Path bad = tmp.resolve("bad.onnx");
    Files.write(bad, escaping);
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxReader.read(bad));
    assertTrue(e.getMessage().contains("bad.onnx") && e.getMessage().contains("leaves the model's folder"),
        e.getMessage());
  }

  @Test
  void malformedInputNamesTheFile() throws Exception {
    Path conv = SharedFiles.file("onnx-backend-data/pytorch-converted/test_Conv2d/model.onnx");
    byte[] all = Files.readAllBytes(conv);
    Path truncated = tmp.resolve("truncated.onnx");
    Files.write(truncated, Arrays.copyOf(all, all.length / 2));
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxReader.read(truncated));
    assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
    assertEquals(truncated.toString(), e.file());

    Path text = tmp.resolve("text.onnx");
    Files.writeString(text, "<?xml version='1.0'?><net/>");
    assertThrows(OnnxFormatException.class, () -> OnnxReader.read(text));

    byte[] shortData = OnnxBytes.model(13, g -> g.message(5, OnnxBytes.floatTensor("w", new long[] {3}, 1f)));
    OnnxFormatException e2 = assertThrows(OnnxFormatException.class,
        () -> OnnxReader.read(shortData, "short.onnx", null));
    assertTrue(e2.getMessage().contains("tensor 'w'") && e2.getMessage().contains("float_data"), e2.getMessage());
  }
}
