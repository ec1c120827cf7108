package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The data-free mixed-precision errors and sensitivities of {@code shared/vectors/mixed_precision.json}. */
class MixedPrecisionErrorTest {

  private static Map<String, Object> json() throws IOException {
    return MiniJson.obj(MiniJson.parse(Files.readString(SharedFiles.file("vectors/mixed_precision.json"))));
  }

  private static double exact(Object node) {
    // {"value": ..., "hex": "0x1.b195de0000000p-26"}: the hex form is exact
    return Double.parseDouble((String) MiniJson.obj(node).get("hex"));
  }

  private static long[] shapeOf(String weightId) {
    for (Object w : ReferenceVectors.list("weights")) {
      Map<String, Object> m = MiniJson.obj(w);
      if (weightId.equals(m.get("id"))) {
        return ReferenceVectors.longs(m.get("shape"));
      }
    }
    throw new IllegalStateException("no weight " + weightId + " in index.json");
  }

  @TestFactory
  Stream<DynamicTest> maxMeanErrorsAndSensitivitiesAreBitExact() throws IOException {
    List<Object> layers = MiniJson.list(json().get("layers"));
    assertEquals(5, layers.size());
    return layers.stream().map(MiniJson::obj).map(layer -> DynamicTest.dynamicTest((String) layer.get("weight_id"), () -> {
      String id = (String) layer.get("weight_id");
      int axis = ((Number) layer.get("reduction_axis")).intValue();
      float[] w = ReferenceVectors.weight(id);
      long[] shape = shapeOf(id);
      assertEquals(((Number) layer.get("num_weights")).intValue(), w.length);

      float err = QuantizationError.maxMean(w, shape, axis, CompressWeightsMode.INT8_ASYM, -1);
      assertEquals(exact(layer.get("int8_asym_max_mean_error")), (double) err, 0.0, id + " int8_asym max_mean");
      assertEquals(exact(layer.get("datafree_sensitivity")), QuantizationError.dataFreeSensitivity(w, shape, axis), 0.0,
          id + " sensitivity");

      Map<String, Object> others = MiniJson.obj(layer.get("max_mean_error_other_configs"));
      for (var e : others.entrySet()) {
        String[] parts = e.getKey().split("__");
        CompressWeightsMode mode = CompressWeightsMode.fromValue(parts[0]);
        int gs = parts[1].equals("pc") ? -1 : Integer.parseInt(parts[1].substring(1));
        float v = QuantizationError.maxMean(w, shape, axis, mode, gs);
        assertEquals(exact(e.getValue()), (double) v, 0.0, id + " " + e.getKey());
      }

      Map<String, Object> fro = MiniJson.obj(layer.get("int8_asym_frobenius_error"));
      if (fro.containsKey("error")) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> QuantizationError.frobenius(w, shape, axis, CompressWeightsMode.INT8_ASYM, -1));
        assertEquals("ValueError: " + ex.getMessage(), fro.get("error"));
      } else {
        // NNCF sums through BLAS (machine-dependent order): equal up to float32 summation noise
        double expected = exact(fro);
        float v = QuantizationError.frobenius(w, shape, axis, CompressWeightsMode.INT8_ASYM, -1);
        assertEquals(expected, v, expected * 1e-6, id + " frobenius");
      }
    }));
  }
}
