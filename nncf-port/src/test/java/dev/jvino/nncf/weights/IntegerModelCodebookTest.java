package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.SharedFiles;
import dev.jvino.numeric.Float8E4M3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code IntegerModel_codebook_<codebook>_<index>.json}: CODEBOOK compression of
 * {@code matmul_2_data} (group size 3) with codebooks of different element types; checks the stored
 * index constant (u4 packed low nibble first, or u8) and the f16 scales.
 */
class IntegerModelCodebookTest {

  private static Map<String, Object> fixture() throws IOException {
    try (var in = IntegerModelCodebookTest.class.getResourceAsStream("/fixtures/integer_model_weights.json")) {
      return MiniJson.obj(MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  private static void check(String name, float[] codebook, ElementType type) throws IOException {
    Map<String, Object> fx = fixture();
    Map<String, Object> w = MiniJson.obj(MiniJson.obj(MiniJson.obj(fx.get("variants")).get("3x6")).get("matmul_2_data"));
    CompressedWeight cw = WeightLowering.lowerWithCodebook(ReferenceVectors.floats(w.get("values")),
        ReferenceVectors.longs(w.get("shape")), 1, 3, codebook, type);
    Map<String, Object> ref = MiniJson.obj(MiniJson.parse(Files.readString(
        SharedFiles.file("nncf-reference/2025.2/reference_scales/IntegerModel_codebook_" + name + ".json"))));
    double[] idx = flatten(MiniJson.obj(ref.get("matmul_2_data_nncf_codebook_idxs")).get("indexes"));
    byte[] packed = cw.packedCodes();
    assertEquals(codebook.length <= 16 ? ElementType.U4 : ElementType.U8, cw.codeType());
    double[] actualIdx = new double[packed.length];
    for (int i = 0; i < packed.length; i++) {
      actualIdx[i] = packed[i] & 0xFF;
    }
    assertArrayEquals(idx, actualIdx, name + " indexes");
    double[] scale = flatten(MiniJson.obj(ref.get("matmul_2_data")).get("scale"));
    double[] actualScale = new double[cw.scaleF16().length];
    for (int i = 0; i < actualScale.length; i++) {
      actualScale[i] = Float.float16ToFloat(cw.scaleF16()[i]);
    }
    assertArrayEquals(scale, actualScale, name + " scale");
  }

  @Test
  void u8CodebookWithU4Indexes() throws IOException {
    float[] cb = new float[16];
    for (int i = 0; i < 16; i++) {
      cb[i] = i;
    }
    check("u8_u4", cb, ElementType.U8);
  }

  @Test
  void f16CodebookWithU4Indexes() throws IOException {
    check("f16_u4", ReferenceVectors.floats(MiniJson.obj(fixture().get("codebooks")).get("f16_u4")), ElementType.F16);
  }

  @Test
  void f8e4m3CodebookWithU8Indexes() throws IOException {
    float[] f16 = ReferenceVectors.floats(MiniJson.obj(fixture().get("codebooks")).get("f16_before_f8e4m3_u8"));
    float[] cb = new float[f16.length];
    for (int i = 0; i < cb.length; i++) {
      cb[i] = Float8E4M3.toFloat(Float8E4M3.fromFloat16(Float.floatToFloat16(f16[i])));
    }
    check("f8e4m3_u8", cb, ElementType.F8E4M3);
  }

  @Test
  void i8CodebookWithU8Indexes() throws IOException {
    float[] cb = new float[21];
    for (int i = 0; i < 21; i++) {
      cb[i] = i - 10;
    }
    check("i8_u8", cb, ElementType.I8);
  }

  @Test
  void f16CodebookMidpointsAreRoundedToF16() throws IOException {
    float[] cb = ReferenceVectors.floats(MiniJson.obj(fixture().get("codebooks")).get("f16_u4"));
    // the max |w| equals max |codebook|, so the scale is 1 and the weight is its own normalised value.
    // Between codebook values 0.0999755859375 and 0.199951171875 the f32 midpoint is 0.14996337890625,
    // the f16 one (as NNCF computes it in the codebook's dtype) is 0.14990234375.
    float[] w = {-0.7998046875f, 0.14993f};
    CompressedWeight f16 = WeightLowering.lowerWithCodebook(w, new long[] {1, 2}, 1, -1, cb, ElementType.F16);
    CompressedWeight f32 = WeightLowering.lowerWithCodebook(w, new long[] {1, 2}, 1, -1, cb, ElementType.F32);
    assertEquals(1f, f16.scale()[0]);
    assertEquals(10, f16.code(1));
    assertEquals(9, f32.code(1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lowerWithCodebook(w, new long[] {1, 2}, 1, -1, new float[] {0.1f, 0.2f}, ElementType.F16));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lowerWithCodebook(w, new long[] {1, 2}, 1, -1, new float[] {-1f, 300f}, ElementType.U8));
  }

  private static double[] flatten(Object nested) {
    List<Double> out = new ArrayList<>();
    flattenInto(nested, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flattenInto(Object o, List<Double> out) {
    if (o instanceof List<?> l) {
      for (Object x : l) {
        flattenInto(x, out);
      }
    } else {
      out.add(((Number) o).doubleValue());
    }
  }
}
