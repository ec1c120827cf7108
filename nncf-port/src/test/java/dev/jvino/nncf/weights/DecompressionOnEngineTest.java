package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.testing.NncfOrcReader.Entry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NNCF's decompression subgraphs, as jvino writes them, run on the reference engine and compared with the
 * committed numpy fixtures (NNCF's reference vectors): the weight the model computes with must be exactly
 * {@code f16((q - zp) * scale_f16)}, the f16 arithmetic of the subgraph, from the fixture's q, zero point and
 * f16 scale.
 */
class DecompressionOnEngineTest {
  @ParameterizedTest
  @ValueSource(strings = {
    "rand_64x128__int8_asym__pc__ax1", "rand_64x128__int8_sym__pc__ax1",
    "rand_64x128__int4_asym__g32__ax1", "rand_64x128__int4_sym__g32__ax1", "rand_64x128__int4_asym__pc__ax1"})
  void compressedMatMulComputesWithTheFixturesDecompressedWeight(String caseId) {
    Map<String, Entry> rec = ReferenceVectors.caseFile(caseId + ".bin.gz");
    String mode = rec.get("mode").string();
    int groupSize = rec.get("group_size").scalarInt();
    float[] w = ReferenceVectors.weight(rec.get("weight_id").string());
    int rows = 64;
    int cols = 128;

    // y = x · Wᵀ with W [64, 128], reduced over axis 1 as the fixture; x = I gives y = Wᵀ
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(cols, cols));
    Node weight = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {rows, cols}, w));
    Node mm = Ops.matMul(x.output(), weight.output(), false, true);
    mm.setName("mm");
    Model model = new Model("one_matmul", List.of(x), List.of(Ops.result(mm.output())));
    CompressWeightsMode m = CompressWeightsMode.fromValue(mode);
    CompressWeightsOptions.Builder options = CompressWeightsOptions.builder().mode(m);
    if (!m.name().startsWith("INT8")) {
      options.groupSize(groupSize).allLayers(true); // the only MatMul is also the last layer
    }
    Nncf.compressWeights(model, options.build());

    float[] identity = new float[cols * cols];
    for (int i = 0; i < cols; i++) {
      identity[i * cols + i] = 1f;
    }
    NdArray y = new ReferenceEngine().compile(model).createSession()
        .infer(List.of(NdArray.f32(new long[] {cols, cols}, identity))).get(0);

    byte[] q = rec.get("q").bytes();
    short[] scale = rec.get("scale_f16").halfBits();
    int[] zp = rec.containsKey("zero_point") ? rec.get("zero_point").ints() : null;
    boolean signed = m == CompressWeightsMode.INT8_SYM || m == CompressWeightsMode.INT4_SYM;
    int group = groupSize < 0 ? cols : groupSize;
    float[] out = y.toFloatArray();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int s = r * (cols / group) + c / group;
        float code = signed ? q[r * cols + c] : q[r * cols + c] & 0xFF;
        float shifted = zp == null ? code : Float.float16ToFloat(Float.floatToFloat16(code - zp[s]));
        float expected = Float.float16ToFloat(Float.floatToFloat16(shifted * Float.float16ToFloat(scale[s])));
        // exact (delta 0); only the sign of a zero weight is not observable through the MatMul's sum
        assertEquals(expected, out[c * rows + r], 0f, caseId + " weight[" + r + "," + c + "]");
      }
    }
  }
}
