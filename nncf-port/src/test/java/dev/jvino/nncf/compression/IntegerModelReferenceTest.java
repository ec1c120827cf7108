package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.SharedFiles;
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
 * jvino's compress_weights on NNCF's IntegerModel against NNCF's own references
 * ({@code IntegerModel_compressed_weights_<mode>.json} of {@code test_compare_compressed_weights}): the same
 * weights get the same precision (matmul_2_data primary, the last MatMul and the embedding backup) and the
 * stored codes, zero points and scales match NNCF's values.
 */
class IntegerModelReferenceTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(CompressWeightsMode.INT8_ASYM, -1),
        Arguments.of(CompressWeightsMode.INT8_SYM, -1),
        Arguments.of(CompressWeightsMode.INT4_SYM, 3),
        Arguments.of(CompressWeightsMode.INT4_ASYM, 3),
        Arguments.of(CompressWeightsMode.NF4, 3),
        Arguments.of(CompressWeightsMode.CB4, 3),
        Arguments.of(CompressWeightsMode.MXFP4, 32),
        Arguments.of(CompressWeightsMode.MXFP8_E4M3, 32),
        Arguments.of(CompressWeightsMode.FP8_E4M3, 3),
        Arguments.of(CompressWeightsMode.FP4, 3),
        Arguments.of(CompressWeightsMode.NVFP4, 16));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesNncfReference(CompressWeightsMode mode, int groupSize) throws IOException {
    int dim2 = groupSize > 0 ? groupSize : 3;
    int dim3 = switch (mode) {
      case MXFP4, MXFP8_E4M3 -> 32;
      case NVFP4 -> 16;
      default -> 6;
    };
    Model model = TestModels.integerModel(dim2, dim3, TestModels.integerModelWeights(dim2, dim3));
    CompressWeightsOptions.Builder b = CompressWeightsOptions.builder().mode(mode);
    if (groupSize > 0) {
      b.groupSize(groupSize);
    }
    Nncf.compressWeights(model, b.build());

    Map<String, Object> ref = MiniJson.obj(MiniJson.parse(Files.readString(reference(mode))));
    assertEquals(3, ref.size());
    Map<String, Node> byName = model.byName();
    for (Map.Entry<String, Object> e : ref.entrySet()) {
      Node codes = byName.get(e.getKey());
      Map<String, Object> stats = MiniJson.obj(e.getValue());
      for (Map.Entry<String, Object> s : stats.entrySet()) {
        double[] expected = flatten(s.getValue());
        double[] actual = switch (s.getKey()) {
          case "compressed_weight" -> f16Values(codes.constantData());
          case "zero_point" -> rawValues(byName.get(e.getKey() + "/zero_point").constantData());
          case "scale" -> rawValues(byName.get(e.getKey() + "/scale").constantData());
          case "sec_order_scale" -> rawValues(byName.get(e.getKey() + "/second_order_scale").constantData());
          default -> throw new AssertionError("unknown stat " + s.getKey());
        };
        assertEquals(expected.length, actual.length, mode + " " + e.getKey() + " " + s.getKey());
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 0.0, mode + " " + e.getKey() + " " + s.getKey() + "[" + i + "]");
        }
      }
      assertLayout(codes, mode);
    }
    // precision choice (NNCF's get_mixed_mapping): matmul_2_data primary, the last MatMul and the embedding backup
    ElementType backup = switch (mode) {
      case INT8_SYM -> ElementType.I8;
      case MXFP4, MXFP8_E4M3, FP4, FP8_E4M3 -> ElementType.F8E4M3;
      default -> ElementType.U8;
    };
    ElementType primary = switch (mode) {
      case INT8_SYM -> ElementType.I8;
      case INT8_ASYM -> ElementType.U8;
      case INT4_SYM -> ElementType.I4;
      case INT4_ASYM -> ElementType.U4;
      case NF4 -> ElementType.NF4;
      case CB4 -> ElementType.F8E4M3; // the Constant named like the weight holds the codebook
      case MXFP4, FP4, NVFP4 -> ElementType.F4E2M1;
      default -> ElementType.F8E4M3;
    };
    assertEquals(primary, byName.get("matmul_2_data").constantData().elementType(), mode.value());
    assertEquals(backup, byName.get("matmul_1_data").constantData().elementType(), mode.value());
    assertEquals(backup, byName.get("gather_2_data").constantData().elementType(), mode.value());
  }

  /** The node sequence NNCF's check_* functions walk: codes -> Convert -> [Subtract] -> Multiply [-> Reshape] -> Convert. */
  private static void assertLayout(Node codes, CompressWeightsMode mode) {
    Node next = single(codes);
    if (mode == CompressWeightsMode.CB4 && codes.constantData().elementType() == ElementType.F8E4M3) {
      assertEquals("Convert", next.type());
      Node gather = single(next);
      assertEquals("Gather", gather.type());
      next = gather;
    } else {
      assertEquals("Convert", next.type());
      assertEquals(ElementType.F16, next.output().elementType());
    }
    Node after = single(next);
    if (after.is("Subtract")) {
      after = single(after);
    }
    assertEquals("Multiply", after.type());
    Node tail = single(after);
    if (tail.is("Reshape")) {
      tail = single(tail);
    }
    assertEquals("Convert", tail.type());
    assertEquals(ElementType.F32, tail.output().elementType());
    assertTrue(single(tail).is("MatMul") || single(tail).is("Gather"));
  }

  private static Node single(Node n) {
    List<Input> c = n.output().consumers();
    assertEquals(1, c.size(), n + " consumers");
    return c.getFirst().node();
  }

  /** Newest reference folder that has the file (NNCF's get_actual_reference_for_current_openvino). */
  private static Path reference(CompressWeightsMode mode) throws IOException {
    String file = "IntegerModel_compressed_weights_" + mode.value() + ".json";
    Path root = SharedFiles.file("nncf-reference");
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
          .map(d -> d.resolve("reference_scales").resolve(file)).filter(Files::isRegularFile).findFirst()
          .orElseThrow(() -> new IllegalStateException("no reference " + file));
    }
  }

  private static double[] flatten(Object o) {
    List<Double> out = new ArrayList<>();
    flatten(o, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(Object o, List<Double> out) {
    if (o instanceof List<?> l) {
      for (Object x : l) {
        flatten(x, out);
      }
    } else {
      out.add(((Number) o).doubleValue());
    }
  }

  /** Values as NNCF's test reads 4-bit and float codes: converted to f16. */
  private static double[] f16Values(ConstantData d) {
    double[] v = d.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.float16ToFloat(Float.floatToFloat16((float) v[i]));
    }
    return v;
  }

  /** Values as numpy reads the constant: numbers for int/f16/f32, raw bytes for f8e8m0 and f8e4m3. */
  private static double[] rawValues(ConstantData d) {
    if (d.elementType() == ElementType.F8E8M0 || d.elementType() == ElementType.F8E4M3) {
      byte[] b = d.bytes().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
      double[] v = new double[b.length];
      for (int i = 0; i < b.length; i++) {
        v[i] = b[i] & 0xFF;
      }
      return v;
    }
    return d.toDoubleArray();
  }
}
