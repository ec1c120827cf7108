package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.SharedFiles;
import dev.jvino.numeric.Float4E2M1;
import dev.jvino.numeric.Float8E4M3;
import dev.jvino.numeric.Nf4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NNCF's own expectations for its IntegerModel ({@code IntegerModel_compressed_weights_<mode>.json} in
 * {@code shared/nncf-reference/<ov>/reference_scales}): the constants OpenVINO stores after
 * {@code compress_weights(mode, group_size)}. {@code matmul_2_data} gets the primary mode; the embedding
 * {@code gather_2_data} and the last MatMul's {@code matmul_1_data} get NNCF's backup (INT8_ASYM, or
 * FP8_E4M3 with the primary group size for FP4/FP8, or MXFP8 for the MX modes); INT8 modes apply to all
 * three. Every weight is reduced over axis 1. The weights come from
 * {@code tools/fixtures/gen_integer_model_weights.py}. Values are compared exactly.
 */
class IntegerModelReferenceTest {

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("int8_asym", -1, "3x6"), Arguments.of("int8_sym", -1, "3x6"),
        Arguments.of("int4_sym", 3, "3x6"), Arguments.of("int4_asym", 3, "3x6"), Arguments.of("nf4", 3, "3x6"),
        Arguments.of("cb4", 3, "3x6"), Arguments.of("fp8_e4m3", 3, "3x6"), Arguments.of("fp4", 3, "3x6"),
        Arguments.of("mxfp4", 32, "32x32"), Arguments.of("mxfp8_e4m3", 32, "32x32"),
        Arguments.of("nvfp4", 16, "16x16"));
  }

  private static Path reference(String mode) throws IOException {
    String name = "IntegerModel_compressed_weights_" + mode + ".json";
    try (Stream<Path> s = Files.walk(SharedFiles.file("nncf-reference"))) {
      return s.filter(p -> p.getFileName().toString().equals(name)).sorted().reduce((a, b) -> b)
          .orElseThrow(() -> new IllegalStateException("missing reference " + name));
    }
  }

  private static Map<String, Object> weights(String variant) throws IOException {
    try (var in = IntegerModelReferenceTest.class.getResourceAsStream("/fixtures/integer_model_weights.json")) {
      Map<String, Object> all = MiniJson.obj(MiniJson.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
      return MiniJson.obj(MiniJson.obj(all.get("variants")).get(variant));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void matchesNncfReference(String modeName, int groupSize, String variant) throws IOException {
    CompressWeightsMode primary = CompressWeightsMode.fromValue(modeName);
    Map<String, Object> ref = MiniJson.obj(MiniJson.parse(Files.readString(reference(modeName))));
    Map<String, Object> ws = weights(variant);
    assertEquals(3, ref.size());
    for (var entry : ref.entrySet()) {
      String weight = entry.getKey();
      Map<String, Object> w = MiniJson.obj(ws.get(weight));
      long[] shape = ReferenceVectors.longs(w.get("shape"));
      float[] values = ReferenceVectors.floats(w.get("values"));
      CompressWeightsMode mode = primary;
      int gs = groupSize;
      if (!primary.isInteger() || primary.numBits() == 4) {
        if (!weight.equals("matmul_2_data")) {
          switch (primary) {
            case FP4, FP8_E4M3 -> mode = CompressWeightsMode.FP8_E4M3;
            case MXFP4, MXFP8_E4M3 -> mode = CompressWeightsMode.MXFP8_E4M3;
            default -> {
              mode = CompressWeightsMode.INT8_ASYM;
              gs = -1;
            }
          }
        }
      }
      CompressedWeight cw = WeightLowering.lower(values, shape, 1, mode, gs);
      check(modeName + " " + weight + " (" + mode + ")", cw, MiniJson.obj(entry.getValue()));
    }
  }

  private static void check(String what, CompressedWeight cw, Map<String, Object> stats) {
    assertTrue(stats.containsKey("scale"), what);
    for (var e : stats.entrySet()) {
      double[] expected = flatten(e.getValue());
      double[] actual = switch (e.getKey()) {
        case "compressed_weight" -> codeValues(cw);
        case "zero_point" -> java.util.Arrays.stream(cw.zeroPoint()).asDoubleStream().toArray();
        case "scale" -> scaleValues(cw);
        case "sec_order_scale" -> new double[] {cw.globalScale()};
        default -> throw new AssertionError(what + ": unexpected stat " + e.getKey());
      };
      assertEquals(expected.length, actual.length, what + " " + e.getKey() + " size");
      for (int i = 0; i < expected.length; i++) {
        if (expected[i] != actual[i]) {
          fail(what + " " + e.getKey() + "[" + i + "]: expected " + expected[i] + " got " + actual[i]);
        }
      }
    }
  }

  /** The stored code as OpenVINO reads it back: raw integers for 8-bit ints, else the f16 value. */
  private static double[] codeValues(CompressedWeight cw) {
    double[] out = new double[cw.codes().length];
    for (int i = 0; i < out.length; i++) {
      int c = cw.code(i);
      out[i] = switch (cw.mode()) {
        case NF4 -> Float.float16ToFloat(Float.floatToFloat16(Nf4.toFloat(c)));
        case FP4, MXFP4, NVFP4 -> Float4E2M1.toFloat(c);
        case FP8_E4M3, MXFP8_E4M3 -> Float8E4M3.toFloat((byte) c);
        default -> c;
      };
    }
    return out;
  }

  private static double[] scaleValues(CompressedWeight cw) {
    if (cw.scaleE8m0() != null) {
      return bytesUnsigned(cw.scaleE8m0());
    }
    if (cw.scaleE4m3() != null) {
      return bytesUnsigned(cw.scaleE4m3());
    }
    short[] f16 = cw.scaleF16();
    double[] out = new double[f16.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.float16ToFloat(f16[i]);
    }
    return out;
  }

  private static double[] bytesUnsigned(byte[] b) {
    double[] out = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
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
