package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NNCF's {@code test_mixed_precision} (WEIGHT_QUANTIZATION_ERROR rows) on its SequentialMatmulModel:
 * INT4_SYM, group size 1; the expected sets of int4 weights are NNCF's {@code ref_ids}, for both the
 * plain and the transpose_a variant of the model.
 */
class SequentialMatmulMixedPrecisionTest {

  /** tests/openvino/native/models.py SequentialMatmulModel: 5 MatMuls, arange(16) weights with one outlier. */
  static Model sequentialMatmul(boolean transposeA) {
    Node input = transposeA ? Ops.parameter("Input_1", ElementType.F32, PartialShape.of(4, 4))
        : Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 4, 4));
    Output last = transposeA ? Ops.transpose(input.output(), 1, 0).output() : input.output();
    int[] main = {10000, 1000, 1, 10, 10000};
    for (int i = 0; i < main.length; i++) {
      float[] w = new float[16];
      for (int k = 0; k < 16; k++) {
        w[k] = k;
      }
      w[15] = main[i];
      Node c = Ops.constant("weights_" + i, ConstantData.ofFloats(ElementType.F32, new long[] {4, 4}, w));
      last = TestModels.named(Ops.matMul(last, c.output(), transposeA, true), "MatMul_" + i).output();
    }
    return new Model("SequentialMatmulModel", List.of(input), List.of(Ops.result(last)));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(true, 1f, Set.of(0, 1, 2, 3, 4)),
        Arguments.of(true, 0.8f, Set.of(0, 3, 4)),
        Arguments.of(true, 0.4f, Set.of(0)),
        Arguments.of(true, 0.2f, Set.of()),
        Arguments.of(false, 1f, Set.of(0, 1, 2, 3)),
        Arguments.of(false, 0.8f, Set.of(0, 1, 3)),
        Arguments.of(false, 0.4f, Set.of(0)),
        Arguments.of(false, 0.2f, Set.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void int4WeightsMatchNncf(boolean allLayers, float ratio, Set<Integer> refIds) {
    for (boolean transposeA : new boolean[] {false, true}) {
      Model model = sequentialMatmul(transposeA);
      Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).ratio(ratio)
          .groupSize(1).allLayers(allLayers).build());
      Set<String> int4 = new TreeSet<>();
      for (Node n : model.ops()) {
        if (n.is("Constant") && n.constantData().elementType() == ElementType.I4) {
          int4.add(n.name());
        }
      }
      Set<String> expected = new TreeSet<>();
      refIds.forEach(i -> expected.add("weights_" + i));
      assertEquals(expected, int4, "all_layers=" + allLayers + " ratio=" + ratio + " transpose_a=" + transposeA);
    }
  }
}
