package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NNCF never compresses the MatMuls of RoPE and SAM positional-embedding patterns. */
class IgnoredPatternsTest {

  private static Model rope(boolean withTranspose, boolean concatWithItself) {
    Node pos = Ops.parameter("position_ids", ElementType.F32, PartialShape.of(1, 1, 8));
    Node invFreq = Ops.constant("inv_freq", ConstantData.ofFloats(ElementType.F32, new long[] {1, 32, 1},
        TestModels.values(32, 3, 1f)));
    Node mm = TestModels.named(Ops.matMul(invFreq.output(), pos.output(), false, false), "freqs");
    Node head = withTranspose ? TestModels.named(Ops.transpose(mm.output(), 0, 2, 1), "freqs_t") : mm;
    Node other = withTranspose ? head : Ops.transpose(Ops.transpose(mm.output(), 0, 1, 2).output(), 0, 1, 2);
    Node cat = TestModels.named(Ops.concat(List.of(head.output(), (concatWithItself ? head : other).output()), -1),
        "emb");
    Node cos = TestModels.named(Ops.unary("Cos", cat.output()), "cos");
    Node sin = TestModels.named(Ops.unary("Sin", cat.output()), "sin");
    return new Model("rope", List.of(pos), List.of(Ops.result(cos.output()), Ops.result(sin.output())));
  }

  @Test
  void ropeMatMulIsNotCompressed() {
    for (boolean transpose : new boolean[] {true, false}) {
      Model model = rope(transpose, true);
      Set<String> names = IgnoredPatterns.matchNames(model.getOpsOrder());
      assertTrue(names.containsAll(Set.of("freqs", "emb", "cos", "sin")), names.toString());
      CompressionResult r = Nncf.compressWeights(model, CompressWeightsOptions.defaults());
      assertEquals(0, r.compressed().size());
      assertEquals(List.of("inv_freq"), r.plan().skipped().stream().map(WeightSite::weightName).toList());
      assertEquals(ElementType.F32, model.byName().get("inv_freq").constantData().elementType());
    }
  }

  @Test
  void aConcatOfDifferentTensorsIsNotRope() {
    Model model = rope(false, false);
    assertTrue(IgnoredPatterns.matchNames(model.getOpsOrder()).isEmpty());
    CompressionResult r = Nncf.compressWeights(model, CompressWeightsOptions.defaults());
    assertEquals(List.of("inv_freq"), r.compressed().stream().map(CompressedWeightInfo::weightName).toList());
  }

  @Test
  void samPositionalEmbeddingIsNotCompressed() {
    Node coords = Ops.parameter("coords", ElementType.F32, PartialShape.of(1, 4, 2));
    Node gauss = Ops.constant("pe_gaussian", ConstantData.ofFloats(ElementType.F32, new long[] {2, 16},
        TestModels.values(32, 4, 1f)));
    Node mm = TestModels.named(Ops.matMul(coords.output(), gauss.output(), false, false), "proj");
    Node mul = TestModels.named(Ops.multiply(mm.output(), Ops.constant(ConstantData.f32Scalar(6.28f)).output()),
        "two_pi");
    Node cos = TestModels.named(Ops.unary("Cos", mul.output()), "cos");
    Node sin = TestModels.named(Ops.unary("Sin", mul.output()), "sin");
    Node cat = TestModels.named(Ops.concat(List.of(sin.output(), cos.output()), -1), "pe");
    Model model = new Model("sam", List.of(coords), List.of(Ops.result(cat.output())));
    assertEquals(Set.of("proj", "two_pi", "cos", "sin", "pe"), IgnoredPatterns.matchNames(model.getOpsOrder()));
    assertEquals(0, Nncf.compressWeights(model, CompressWeightsOptions.defaults()).compressed().size());
  }
}
