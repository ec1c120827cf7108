package dev.jvino.nncf.compression;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The model and data of {@code tools/fixtures/gen_gptq_fixture.py} ({@code fixtures/gptq/}). */
final class GptqFixtures {
  private GptqFixtures() {}

  /** x[1, 8, 32] -> MatMul(w1 [64, 32], tb) "mm1" -> Relu -> MatMul(w2 [32, 64], tb) "mm2". */
  static Model model(float[] w1, float[] w2) {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 8, 32));
    Node c1 = Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {64, 32}, w1));
    Node mm1 = TestModels.named(Ops.matMul(x.output(), c1.output(), false, true), "mm1");
    Node relu = TestModels.named(Ops.relu(mm1.output()), "relu");
    Node c2 = Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, new long[] {32, 64}, w2));
    Node mm2 = TestModels.named(Ops.matMul(relu.output(), c2.output(), false, true), "mm2");
    return new Model("gptq_fixture", List.of(x), List.of(TestModels.named(Ops.result(mm2.output()), "y")));
  }

  static Model model() {
    return model(npy("w1.npy").toFloatArray(), npy("w2.npy").toFloatArray());
  }

  /** The six [1, 8, 32] calibration samples. */
  static List<NdArray> samples() {
    NdArray all = npy("x.npy");
    float[] v = all.toFloatArray();
    int per = 8 * 32;
    List<NdArray> out = new ArrayList<>();
    for (int i = 0; i < all.shape()[0]; i++) {
      out.add(NdArray.f32(new long[] {1, 8, 32}, Arrays.copyOfRange(v, i * per, (i + 1) * per)));
    }
    return out;
  }

  static boolean exists(String file) {
    return GptqFixtures.class.getResource("/fixtures/gptq/" + file) != null;
  }

  /** A little-endian float32 or int32 .npy file (C order). */
  static NdArray npy(String file) {
    byte[] bytes;
    try (InputStream in = GptqFixtures.class.getResourceAsStream("/fixtures/gptq/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + file);
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(6);
    int major = buf.get();
    buf.get();
    int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
    byte[] hdr = new byte[headerLen];
    buf.get(hdr);
    String header = new String(hdr, StandardCharsets.ISO_8859_1);
    Matcher descr = Pattern.compile("'descr':\\s*'([^']+)'").matcher(header);
    Matcher shape = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw new IllegalStateException(file + ": unsupported header " + header);
    }
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    return switch (descr.group(1)) {
      case "<f4" -> {
        float[] f = new float[n];
        buf.asFloatBuffer().get(f);
        yield NdArray.f32(dims, f);
      }
      case "<i4" -> {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = buf.getInt();
        }
        yield NdArray.i32(dims, l);
      }
      default -> throw new IllegalStateException(file + ": unsupported dtype " + descr.group(1));
    };
  }
}
