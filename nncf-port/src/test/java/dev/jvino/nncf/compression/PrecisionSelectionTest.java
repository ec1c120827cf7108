package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.BackupMode;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.GroupSizeFallbackMode;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.weights.QuantizationError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which weights get which precision: last layer, embeddings, all_layers, ignored scope, ratio, fallbacks. */
class PrecisionSelectionTest {

  /** Weight name -> "mode, group" label, or "float" for weights left uncompressed. */
  private static Map<String, String> labels(CompressionResult r) {
    Map<String, String> m = new TreeMap<>();
    r.plan().assignments().forEach(a -> m.put(a.site().weightName(), a.config() == null ? "float" : a.config().label()));
    r.plan().skipped().forEach(s -> m.putIfAbsent(s.weightName(), "float"));
    return m;
  }

  private static CompressWeightsOptions.Builder int4() {
    return CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(32);
  }

  @Test
  void embeddingAndLastLayerGetTheBackup() {
    Model model = TestModels.llm(1, 1, 1);
    CompressionResult r = Nncf.compressWeights(model, int4().build());
    assertEquals(Map.of(
        "model.embed_tokens.weight", "int8_asym, per-channel",
        "q_proj.weight", "int4_asym, group size 32",
        "up_proj.weight", "int4_asym, group size 32",
        "down_proj.weight", "int4_asym, group size 32",
        "lm_head.weight", "int8_asym, per-channel"), labels(r));
    Map<String, Node> n = model.byName();
    assertEquals(ElementType.U8, n.get("model.embed_tokens.weight").constantData().elementType());
    assertEquals(ElementType.U8, n.get("lm_head.weight").constantData().elementType());
    assertEquals(ElementType.U4, n.get("up_proj.weight").constantData().elementType());
    // down_proj is stored [in=128, out=64] with transpose_b=false: reduction axis 0, grouped to [4, 32, 64]
    assertEquals(List.of(4L, 32L, 64L), boxed(n.get("down_proj.weight").constantData().shape()));
    assertEquals(List.of(4L, 1L, 64L), boxed(n.get("down_proj.weight/scale").constantData().shape()));
    // the embedding's decompression feeds the Gather's data port
    assertEquals("model.embed_tokens.weight/fq_weights_0/convert", n.get("embed_tokens").inputNode(0).name());
  }

  @Test
  void allLayersPutsEmbeddingAndLastLayerInPrimary() {
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1), int4().allLayers(true).build());
    assertTrue(labels(r).values().stream().allMatch("int4_asym, group size 32"::equals), labels(r).toString());
    assertEquals(5, r.plan().assignments().stream().filter(WeightAssignment::ratioDefining).count());
  }

  @Test
  void int8ModesCompressEverythingPerChannel() {
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1),
        CompressWeightsOptions.builder().mode(CompressWeightsMode.INT8_SYM).build());
    assertTrue(labels(r).values().stream().allMatch("int8_sym, per-channel"::equals));
    assertEquals(5, r.plan().assignments().stream().filter(WeightAssignment::ratioDefining).count());
  }

  @Test
  void nncfNodeOrderDecidesTheLastLayer() {
    // IntegerModel: NNCF's order visits MatMul_2 before MatMul_1, so MatMul_1 is the last layer
    Model model = TestModels.integerModel(3, 6, TestModels.integerModelWeights(3, 6));
    List<String> order = WeightFinder.find(NncfGraphOrder.of(model)).stream().map(c -> c.op().name()).toList();
    assertEquals(List.of("MatMul_2", "Gather_2", "MatMul_1"), order);
  }

  @Test
  void ignoredScopeByNamePatternAndType() {
    IgnoredScope scope = IgnoredScope.builder().names("up_proj").patterns("down_proj\\.w").types("Gather").build();
    Model model = TestModels.llm(1, 1, 1);
    CompressionResult r = Nncf.compressWeights(model, int4().ignoredScope(scope).build());
    Map<String, String> l = labels(r);
    assertEquals("float", l.get("up_proj.weight"));
    assertEquals("float", l.get("down_proj.weight"));
    assertEquals("float", l.get("model.embed_tokens.weight"));
    assertEquals("int4_asym, group size 32", l.get("q_proj.weight"));
    assertEquals("int8_asym, per-channel", l.get("lm_head.weight"));
    assertEquals(ElementType.F32, model.byName().get("up_proj.weight").constantData().elementType());
    assertEquals("up_proj.weight", model.byName().get("up_proj").inputNode(1).name());
    assertEquals(3, r.plan().skipped().size());
  }

  @Test
  void ignoringTheLastLayerLetsThePreviousMatMulUsePrimary() {
    Model model = TestModels.llm(1, 1, 1);
    CompressionResult r = Nncf.compressWeights(model,
        int4().ignoredScope(IgnoredScope.builder().names("lm_head").build()).build());
    Map<String, String> l = labels(r);
    assertEquals("float", l.get("lm_head.weight"));
    assertEquals("int4_asym, group size 32", l.get("down_proj.weight"));
    assertEquals(3, r.plan().assignments().stream().filter(WeightAssignment::ratioDefining).count());
  }

  @Test
  void unmatchedIgnoredScopeRulesAreListed() {
    IgnoredScope scope = IgnoredScope.builder().names("q_proj", "missing_node").types("Conv").patterns("zz.*")
        .subgraph(List.of("nope"), List.of("lm_head")).build();
    ValidationException e = assertThrows(ValidationException.class,
        () -> Nncf.compressWeights(TestModels.llm(1, 1, 1), int4().ignoredScope(scope).build()));
    assertEquals("\nIgnored nodes that matches names ['missing_node'] were not found in the NNCFGraph.\n"
        + "Ignored nodes that matches types ['Conv'] were not found in the NNCFGraph.\n"
        + "Ignored nodes that matches patterns ['zz.*'] were not found in the NNCFGraph.\n"
        + "Ignored nodes that matches subgraph with input names ['nope'] and output names ['lm_head'] were not"
        + " found in the NNCFGraph.\n", e.getMessage());
    // validate=false: the matching rules still apply, the others are ignored
    IgnoredScope lax = IgnoredScope.builder().names("q_proj", "missing_node").validate(false).build();
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1), int4().ignoredScope(lax).build());
    assertEquals("float", labels(r).get("q_proj.weight"));
  }

  @Test
  void ignoredSubgraphCoversEveryNodeOnThePath() {
    IgnoredScope scope = IgnoredScope.builder().subgraph(List.of("q_proj"), List.of("down_proj")).build();
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1), int4().ignoredScope(scope).build());
    Map<String, String> l = labels(r);
    assertEquals("float", l.get("q_proj.weight"));
    assertEquals("float", l.get("up_proj.weight"));
    assertEquals("float", l.get("down_proj.weight"));
    assertEquals("int8_asym, per-channel", l.get("lm_head.weight"));
  }

  @Test
  void mixedPrecisionFollowsTheErrorOrderAndStopsAtTheFirstOverflow() {
    // ratio-defining: q (4096, amplitude 0.25), up (8192, amplitude 4), down (8192, amplitude 1); total 20480
    Model model = TestModels.llm(0.25f, 4f, 1f);
    Map<String, Double> errors = new TreeMap<>();
    for (String w : List.of("q_proj.weight", "up_proj.weight", "down_proj.weight")) {
      Node c = model.byName().get(w);
      int axis = w.startsWith("down") ? 0 : 1;
      errors.put(w, (double) QuantizationError.maxMean(c.constantData().toFloatArray(), c.constantData().shape(), axis,
          CompressWeightsMode.INT8_ASYM, -1));
    }
    // hand derivation: scores 1/(err+eps) ascend as errors descend: up, down, q
    assertTrue(errors.get("up_proj.weight") > errors.get("down_proj.weight"));
    assertTrue(errors.get("down_proj.weight") > errors.get("q_proj.weight"));
    // ratio 0.65: up -> 8192/20480 = 0.4 < 0.65 (primary); down -> 0.8 >= 0.65: stop (q would fit at 0.6, but NNCF breaks)
    assertEquals(Set.of("up_proj.weight"), primary(TestModels.llm(0.25f, 4f, 1f), 0.65f));
    // ratio 0.8: down reaches exactly 0.8 >= 0.8: stop
    assertEquals(Set.of("up_proj.weight"), primary(TestModels.llm(0.25f, 4f, 1f), 0.8f));
    // ratio 0.81: up and down; q would make 1.0
    assertEquals(Set.of("up_proj.weight", "down_proj.weight"), primary(TestModels.llm(0.25f, 4f, 1f), 0.81f));
    // ratio 0.3: up alone is already 0.4
    assertEquals(Set.of(), primary(TestModels.llm(0.25f, 4f, 1f), 0.3f));
  }

  private static Set<String> primary(Model model, float ratio) {
    CompressionResult r = Nncf.compressWeights(model, int4().ratio(ratio).build());
    Map<String, String> l = labels(r);
    assertEquals("int8_asym, per-channel", l.get("lm_head.weight"));
    return l.entrySet().stream().filter(e -> e.getValue().startsWith("int4")).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  @Test
  void ratioZeroMeansOneAsInNncf() {
    // NNCF resolves `ratio or 1`, so ratio=0 compresses every ratio-defining weight to the primary precision
    CompressionResult r = Nncf.compressWeights(TestModels.llm(0.25f, 4f, 1f), int4().ratio(0f).build());
    Map<String, String> l = labels(r);
    assertEquals("int4_asym, group size 32", l.get("q_proj.weight"));
    assertEquals("int4_asym, group size 32", l.get("up_proj.weight"));
    assertEquals("int4_asym, group size 32", l.get("down_proj.weight"));
    assertEquals("1", NncfRtInfo.value(r.model().rtInfo(), "nncf", "weight_compression", "ratio").orElseThrow());
  }

  @Test
  void backupNoneLeavesTheRestInFloat() {
    Model model = TestModels.llm(0.25f, 4f, 1f);
    CompressionResult r = Nncf.compressWeights(model, int4().ratio(0.65f).backupMode(BackupMode.NONE).build());
    Map<String, String> l = labels(r);
    assertEquals("int4_asym, group size 32", l.get("up_proj.weight"));
    assertEquals("float", l.get("down_proj.weight"));
    assertEquals("float", l.get("q_proj.weight"));
    assertEquals("float", l.get("lm_head.weight"));
    assertEquals("float", l.get("model.embed_tokens.weight"));
    assertEquals(ElementType.F32, model.byName().get("lm_head.weight").constantData().elementType());
    assertEquals(1, r.compressed().size());
  }

  /** x[1,96] -> fc_a [64,96] -> fc_b [64,64] -> fc_c [10,64]: with group 64, fc_a's channel 96 does not divide. */
  static Model fallbackModel() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 96));
    Node a = TestModels.named(Ops.matMul(x.output(), TestModels.weight("fc_a.weight", new long[] {64, 96}, 31, 1f)
        .output(), false, true), "fc_a");
    Node b = TestModels.named(Ops.matMul(a.output(), TestModels.weight("fc_b.weight", new long[] {64, 64}, 32, 1f)
        .output(), false, true), "fc_b");
    Node c = TestModels.named(Ops.matMul(b.output(), TestModels.weight("fc_c.weight", new long[] {10, 64}, 33, 1f)
        .output(), false, true), "fc_c");
    return new Model("fallback", List.of(x), List.of(Ops.result(c.output())));
  }

  private static CompressWeightsOptions fallback(GroupSizeFallbackMode mode, int min) {
    return CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(64)
        .advancedParameters(AdvancedCompressionParameters.builder().groupSizeFallbackMode(mode)
            .minAdjustedGroupSize(min).build()).build();
  }

  @Test
  void groupSizeFallbackError() {
    InvalidGroupSizeConfigException e = assertThrows(InvalidGroupSizeConfigException.class,
        () -> Nncf.compressWeights(fallbackModel(), fallback(GroupSizeFallbackMode.ERROR, 32)));
    assertEquals(List.of(new InvalidGroupSizeConfigException.FailedNode("fc_a", 96)), e.failedNodes());
    assertTrue(e.getMessage().startsWith("Failed to apply group-wise quantization with group size value 64."));
    assertTrue(e.getMessage().endsWith("Failed nodes:\n\t\"fc_a\" (channel size: 96)"), e.getMessage());
  }

  @Test
  void groupSizeFallbackErrorIsNotRaisedForWeightsDemotedToBackup() {
    // ratio 0.5 over fc_a (6144) + fc_b (4096) = 10240: fc_a alone is 0.6 >= 0.5, so whatever the scores,
    // fc_a ends on the INT8 backup, and the ERROR check (which runs after mixed precision) does not fire
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(64)
        .ratio(0.5f).build();
    CompressionResult r = Nncf.compressWeights(fallbackModel(), o);
    assertEquals("int8_asym, per-channel", labels(r).get("fc_a.weight"));
    assertTrue(r.plan().forWeight("fc_a.weight").orElseThrow().ratioDefining());
  }

  @Test
  void groupSizeFallbackIgnoreKeepsFloat() {
    Model model = fallbackModel();
    CompressionResult r = Nncf.compressWeights(model, fallback(GroupSizeFallbackMode.IGNORE, 32));
    Map<String, String> l = labels(r);
    assertEquals(Map.of("fc_a.weight", "float", "fc_b.weight", "int4_asym, group size 64",
        "fc_c.weight", "int8_asym, per-channel"), l);
    assertEquals(ElementType.F32, model.byName().get("fc_a.weight").constantData().elementType());
    BitwidthDistribution d = r.distribution();
    assertEquals(List.of("float", "int8_asym, per-channel", "int4_asym, group size 64"),
        d.rows().stream().map(BitwidthDistribution.Row::label).toList());
  }

  @Test
  void groupSizeFallbackAdjust() {
    CompressionResult r = Nncf.compressWeights(fallbackModel(), fallback(GroupSizeFallbackMode.ADJUST, 32));
    // 96 & -96 = 32 >= 32
    assertEquals("int4_asym, group size 32", labels(r).get("fc_a.weight"));
    assertEquals("int4_asym, group size 64", labels(r).get("fc_b.weight"));
    CompressionResult r2 = Nncf.compressWeights(fallbackModel(), fallback(GroupSizeFallbackMode.ADJUST, 64));
    // 32 < 64: backup, and no longer ratio-defining
    assertEquals("int8_asym, per-channel", labels(r2).get("fc_a.weight"));
    assertFalse(r2.plan().forWeight("fc_a.weight").orElseThrow().ratioDefining());
  }

  @Test
  void sharedWeightIsCompressedOnce() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 32));
    Node w = TestModels.weight("shared.weight", new long[] {32, 32}, 41, 1f);
    Node m1 = TestModels.named(Ops.matMul(x.output(), w.output(), false, true), "m1");
    Node m2 = TestModels.named(Ops.matMul(m1.output(), w.output(), false, true), "m2");
    Model model = new Model("shared", List.of(x), List.of(Ops.result(m2.output())));
    CompressionResult r = Nncf.compressWeights(model, int4().build());
    assertEquals(1, r.plan().assignments().size());
    // the last layer's weight was already taken: is_last_layer_skipped keeps it ratio-defining
    assertEquals("int4_asym, group size 32", r.plan().assignments().getFirst().config().label());
    Node out = model.byName().get("shared.weight/fq_weights_1/convert");
    assertEquals(out, model.byName().get("m1").inputNode(1));
    assertEquals(out, model.byName().get("m2").inputNode(1));
  }

  private static List<Long> boxed(long[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }

  @Test
  void moeWeightsReduceOverTheLastAxis() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(4, 1, 64));
    Node experts = TestModels.weight("experts.weight", new long[] {4, 32, 64}, 51, 1f);
    Node mm = TestModels.named(Ops.matMul(x.output(), experts.output(), false, true), "experts");
    Node head = TestModels.named(Ops.matMul(mm.output(), TestModels.weight("head.weight", new long[] {8, 32}, 52, 1f)
        .output(), false, true), "head");
    Model model = new Model("moe", List.of(x), List.of(Ops.result(head.output())));
    CompressionResult r = Nncf.compressWeights(model, int4().build());
    WeightSite site = r.plan().forWeight("experts.weight").orElseThrow().site();
    assertEquals(List.of(2), java.util.Arrays.stream(site.reductionAxes()).boxed().toList());
    assertEquals(List.of(4L, 32L, 2L, 32L), boxed(model.byName().get("experts.weight").constantData().shape()));
    assertEquals(List.of(4L, 32L, 2L, 1L), boxed(model.byName().get("experts.weight/scale").constantData().shape()));
  }

  @Test
  void dataFreeScoreUsesTheWeightTypesEpsilon() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 32));
    float[] w = TestModels.values(16 * 32, 61, 1f);
    Node c16 = Ops.constant("w16", dev.jvino.ir.ConstantData.ofFloats(ElementType.F16, new long[] {16, 32}, w));
    Node mm = Ops.matMul(x.output(), Ops.convert(c16.output(), ElementType.F32).output(), false, true);
    new Model("m", List.of(x), List.of(Ops.result(mm.output())));
    WeightSite site = new WeightSite("w16", c16, mm, 1, OpKind.MATMUL, ElementType.F16, new long[] {16, 32},
        new int[] {1});
    float err = QuantizationError.maxMean(c16.constantData().toFloatArray(), new long[] {16, 32}, 1,
        CompressWeightsMode.INT8_ASYM, -1);
    assertEquals(1.0 / ((double) err + 0x1p-10), MixedPrecision.dataFreeScore(site), 0.0);
  }

  @Test
  void aGroupedBackupThatDoesNotFitFailsBeforeAnythingChanges() {
    // FP4 with the FP8_E4M3 backup at the primary group size 64: the last layer's channel 96 does not divide
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 64));
    Node fc1 = TestModels.named(Ops.matMul(x.output(), TestModels.weight("fc1.weight", new long[] {96, 64}, 71, 1f)
        .output(), false, true), "fc1");
    Node last = TestModels.named(Ops.matMul(fc1.output(), TestModels.weight("last.weight", new long[] {10, 96}, 72,
        1f).output(), false, true), "last");
    Model model = new Model("m", List.of(x), List.of(Ops.result(last.output())));
    InvalidGroupSizeConfigException e = assertThrows(InvalidGroupSizeConfigException.class, () ->
        Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.FP4).groupSize(64)
            .build()));
    assertEquals("Channel size 96 should be divisible by size of group 64 (weight 'last.weight' of node 'last').",
        e.getMessage());
    assertEquals(ElementType.F32, model.byName().get("fc1.weight").constantData().elementType());
    assertTrue(model.rtInfo().isEmpty());
  }
}
