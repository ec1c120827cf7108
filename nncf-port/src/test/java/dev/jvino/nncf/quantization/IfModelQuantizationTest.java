package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.Engine;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code nncf.quantize} on models with If ops, end to end on the reference engine: NNCF's IfModel and IfModel_2
 * quantized body by body, compared with NNCF's reference graphs, run against the float model on both branches,
 * with the calibration data split by the If condition.
 */
class IfModelQuantizationTest {
  private static final Engine ENGINE = new ReferenceEngine();
  /** Samples 0, 3, 6, 9 take the then branch; with subset 8 the then body sees 3 of them, the else body 5. */
  private static final int SAMPLES = 10;
  private static final int SUBSET = 8;

  private static Model floatModel;
  private static List<List<NdArray>> samples;
  private static PostTrainingQuantization.Result quantized;

  private static NdArray randn(Random rnd, double scale, long... shape) {
    float[] v = new float[(int) PartialShape.elementCount(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * rnd.nextGaussian());
    }
    return NdArray.f32(shape, v);
  }

  private static List<List<NdArray>> samples(long seed, int n, java.util.function.IntPredicate then) {
    Random rnd = new Random(seed);
    List<List<NdArray>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(List.of(randn(rnd, 1, 1, 3, 4, 2), randn(rnd, 1, 1, 3, 2, 4),
          NdArray.bools(new long[0], then.test(i))));
    }
    return out;
  }

  private static QuantizeOptions.Builder options() {
    return QuantizeOptions.builder().subsetSize(SUBSET);
  }

  @BeforeAll
  static void quantizeIfModel() {
    floatModel = RunnableIfModels.ifModel();
    samples = samples(7, SAMPLES, i -> i % 3 == 0);
    quantized = Nncf.quantize(floatModel, Dataset.of(samples), options().build(), ENGINE);
  }

  private static Model body(Model m, String ifName, int index) {
    return m.node(ifName).orElseThrow().bodies().get(index).body();
  }

  /** Name to type of the ops of {@code m} that are neither Constant nor Convert (their names are generated). */
  private static Map<String, String> opTypes(Model m) {
    Map<String, String> out = new TreeMap<>();
    for (Node n : m.ops()) {
      if (!n.is("Constant") && !n.is("Convert")) {
        out.put(n.name(), n.type());
      }
    }
    return out;
  }

  private static TreeSet<String> fakeQuantizeNames(Model m) {
    TreeSet<String> out = new TreeSet<>();
    m.nodesOfType("FakeQuantize").forEach(n -> out.add(n.name()));
    return out;
  }

  private static final Pattern DOT_NODE = Pattern.compile("^\"\\d+ ([^\"]+)\" \\[id=\\d+, type=([A-Za-z0-9_]+)\\];$");

  /** Name to type of the nodes of NNCF's 2024.1 reference graph {@code name}.dot, without Constant and Convert. */
  private static Map<String, String> reference(String name) throws IOException {
    String path = "/nncf-reference/placement/2024.1/" + name + ".dot";
    try (InputStream in = IfModelQuantizationTest.class.getResourceAsStream(path)) {
      assertTrue(in != null, path);
      Map<String, String> out = new TreeMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        Matcher m = DOT_NODE.matcher(line.strip());
        if (m.matches() && !m.group(2).equals("Constant") && !m.group(2).equals("Convert")) {
          out.put(m.group(1), m.group(2));
        }
      }
      assertFalse(out.isEmpty(), path);
      return out;
    }
  }

  private static TreeSet<String> ofType(Map<String, String> types, String type) {
    TreeSet<String> out = new TreeSet<>();
    types.forEach((n, t) -> {
      if (t.equals(type)) {
        out.add(n);
      }
    });
    return out;
  }

  @Test
  void ifModelMatchesNncfsReferenceGraphsGraphByGraph() throws IOException {
    Model q = quantized.model();
    Model[] graphs = {q, body(q, "If_72", 0), body(q, "If_72", 1)};
    String[] refs = {"IfModel_main", "IfModel_then", "IfModel_else"};
    for (int i = 0; i < 3; i++) {
      Map<String, String> expected = reference(refs[i]);
      // every op of the reference (FakeQuantize, the Multiply the weight quantizer was compressed into, ...) and
      // nothing else, in both directions
      assertEquals(expected, opTypes(graphs[i]), refs[i]);
      assertEquals(ofType(expected, "FakeQuantize"), fakeQuantizeNames(graphs[i]), refs[i]);
    }
    assertEquals(List.of("Sub/fq_output_0"), List.copyOf(ofType(reference("IfModel_then"), "FakeQuantize")));
    assertTrue(fakeQuantizeNames(q).isEmpty());
    assertEquals(List.of("If_72/then_body", "If_72/else_body"), List.copyOf(quantized.ifBodies().keySet()));
    for (PostTrainingQuantization.Result b : quantized.ifBodies().values()) {
      assertEquals(List.of("Conv/fq_weights_1"), b.compressedWeights());
      assertEquals(List.of("Sub/fq_output_0", "Conv/fq_weights_1"), b.setup().fakeQuantizeNames());
    }
    // the quantized bodies are the ones inside the If op
    assertTrue(quantized.ifBodies().get("If_72/else_body").model() == body(q, "If_72", 1));
    // the top graph has nothing to quantize; NNCF's parameters are recorded there only
    assertTrue(quantized.setup().points().isEmpty());
    assertEquals(Integer.toString(SUBSET),
        q.rtInfo().find("nncf", "quantization", "subset_size").orElseThrow().value().orElseThrow());
    assertTrue(body(q, "If_72", 0).rtInfo().find("nncf", "quantization", "subset_size").isEmpty());
    // the float model is untouched
    assertTrue(fakeQuantizeNames(body(floatModel, "If_72", 0)).isEmpty());
    assertEquals("Convolution", body(floatModel, "If_72", 0).node("Conv").orElseThrow().type());
  }

  @Test
  void eachGraphGetsThePlacementOfPlaceWithIfBodies() {
    Map<String, QuantizerSetup> placed = dev.jvino.nncf.quantization.placement.QuantizerPlacement.placeWithIfBodies(
        floatModel, PostTrainingQuantization.placement(options().build()));
    assertEquals(List.of("", "If_72/then_body", "If_72/else_body"), List.copyOf(placed.keySet()));
    assertEquals(placed.get(""), quantized.setup());
    quantized.ifBodies().forEach((key, r) -> assertEquals(placed.get(key), r.setup(), key));
  }

  @Test
  void weightQuantizersStayFakeQuantizeWithoutCompression() {
    var adv = dev.jvino.nncf.AdvancedQuantizationParameters.builder().backendParam("compress_weights", false).build();
    PostTrainingQuantization.Result r = Nncf.quantize(floatModel, Dataset.of(samples),
        options().advancedParameters(adv).build(), ENGINE);
    for (int b = 0; b < 2; b++) {
      assertEquals(List.of("Conv/fq_weights_1", "Sub/fq_output_0"),
          List.copyOf(fakeQuantizeNames(body(r.model(), "If_72", b))));
    }
    assertTrue(r.ifBodies().values().stream().allMatch(x -> x.compressedWeights().isEmpty()));
  }

  @Test
  void bodiesAreCalibratedOnTheSamplesThatTakeThem() {
    assertEquals(3, quantized.ifBodies().get("If_72/then_body").samples());
    assertEquals(5, quantized.ifBodies().get("If_72/else_body").samples());
    assertEquals(0, quantized.samples()); // nothing to calibrate in the top graph
    // each body equals the body quantized on its own with the items of its branch (x1, x2 of the samples
    // among the first 8 whose condition selects it)
    for (int b = 0; b < 2; b++) {
      List<List<NdArray>> items = new ArrayList<>();
      for (int i = 0; i < SUBSET; i++) {
        if ((i % 3 == 0) == (b == 0)) {
          items.add(samples.get(i).subList(0, 2));
        }
      }
      assertEquals(b == 0 ? 3 : 5, items.size());
      Model alone = PostTrainingQuantization.run(body(floatModel, "If_72", b), Dataset.of(items), options().build(),
          ENGINE).model();
      Model inside = body(quantized.model(), "If_72", b);
      for (String c : List.of("input_low", "input_high", "output_low", "output_high")) {
        float[] expected = alone.node("Sub/fq_output_0/" + c).orElseThrow().constantData().toFloatArray();
        assertArrayEquals(expected, inside.node("Sub/fq_output_0/" + c).orElseThrow().constantData().toFloatArray());
      }
      // the fast bias correction of Conv_Add used the same branch statistics
      assertArrayEquals(alone.node("Conv_Add").orElseThrow().inputNode(1).constantData().toFloatArray(),
          inside.node("Conv_Add").orElseThrow().inputNode(1).constantData().toFloatArray());
    }
    // the two branches saw different data, so their activation ranges differ
    assertNotEquals(body(quantized.model(), "If_72", 0).node("Sub/fq_output_0/input_high").orElseThrow()
            .constantData().toFloatArray()[0],
        body(quantized.model(), "If_72", 1).node("Sub/fq_output_0/input_high").orElseThrow()
            .constantData().toFloatArray()[0]);
  }

  /** Max abs error and relative L2 error of the quantized half (relu(conv(x1 - c) + bias)) over {@code data}. */
  private static double[] errors(List<List<NdArray>> data, float[][] byBranch) {
    var fp = ENGINE.compile(floatModel).createSession();
    var q = ENGINE.compile(quantized.model()).createSession();
    double maxErr = 0;
    double err = 0;
    double norm = 0;
    for (List<NdArray> s : data) {
      float[] ref = fp.infer(s).get(0).toFloatArray();
      float[] got = q.infer(s).get(0).toFloatArray();
      assertEquals(48, ref.length);
      for (int i = 0; i < 24; i++) {
        maxErr = Math.max(maxErr, Math.abs(ref[i] - got[i]));
        err += (ref[i] - got[i]) * (double) (ref[i] - got[i]);
        norm += ref[i] * (double) ref[i];
      }
      for (int i = 24; i < 48; i++) { // the transpose half has no quantizer
        assertEquals(ref[i], got[i], "unquantized half, element " + i);
      }
      byBranch[s.get(2).booleans()[0] ? 0 : 1] = ref;
    }
    return new double[] {maxErr, Math.sqrt(err / norm)};
  }

  @Test
  void quantizedModelTracksTheFloatModelOnBothBranches() {
    for (boolean branch : new boolean[] {true, false}) {
      float[][] byBranch = new float[2][];
      // the calibration samples of the branch: only rounding, no clipping
      double[] calib = errors(samples.subList(0, SUBSET).stream().filter(s -> s.get(2).booleans()[0] == branch)
          .toList(), byBranch);
      assertTrue(calib[0] > 0, "quantization changes the conv branch");
      // 8-bit rounding plus the clipping of MEAN_MINMAX ranges over 3 or 5 samples (2.1% and 2.2% measured)
      assertTrue(calib[1] < 0.03, "relative L2 error on calibration samples, cond=" + branch + ": " + calib[1]);
      // fresh samples of the branch
      double[] fresh = errors(samples(99, 6, i -> branch), byBranch);
      // more clipping on unseen data (4.9% and 7.6% measured)
      assertTrue(fresh[1] < 0.1, "relative L2 error on fresh samples, cond=" + branch + ": " + fresh[1]);
    }
    float[][] byBranch = new float[2][];
    errors(samples(98, 2, i -> i == 0), byBranch);
    assertFalse(java.util.Arrays.equals(byBranch[0], byBranch[1]), "the branches compute different functions");
  }

  @Test
  void splitFollowsTheConditionComputedInTheGraph() {
    // cond = ReduceMax(Input_1) > 1.5 computed inside the graph, and the If gets 2 * Input_1, not Input_1
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node in2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Node max = new Node("ReduceMax", "opset1", "Max",
        List.of(in1.output(), Ops.constant(ConstantData.i64(0, 1, 2, 3)).output()));
    max.attributes().set("keep_dims", false);
    max.addOutput(ElementType.F32, PartialShape.of());
    Node gt = new Node("Greater", "opset1", "Gate",
        List.of(max.output(), Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[0], new float[] {1.5f}))
            .output()));
    gt.addOutput(ElementType.BOOLEAN, PartialShape.of());
    Node twice = Ops.multiply(in1.output(), Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[0],
        new float[] {2})).output());
    Node iff = RunnableIfModels.ifOp("If", gt.output(), List.of(twice.output(), in2.output()),
        RunnableIfModels.convModel(1, "Concat"), RunnableIfModels.convModel(2, "Concat"), PartialShape.of(2, 3, 4, 2));
    Model m = new Model("Gated", List.of(in1, in2), List.of(Ops.result(iff.output())));

    List<List<NdArray>> data = samples(5, 12, i -> true).stream().map(s -> s.subList(0, 2)).toList();
    Map<String, IfModelQuantization.BodyData> split = IfModelQuantization.splitDatasets(m, Dataset.of(data), 9,
        ENGINE);
    IfModelQuantization.BodyData d = split.get("If");
    List<Integer> then = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      float mx = Float.NEGATIVE_INFINITY;
      for (float v : data.get(i).get(0).toFloatArray()) {
        mx = Math.max(mx, v);
      }
      if (mx > 1.5f) {
        then.add(i);
      }
    }
    assertTrue(!then.isEmpty() && then.size() < 9, "both branches are taken: " + then);
    assertEquals(then.size(), d.thenItems().size());
    assertEquals(9 - then.size(), d.elseItems().size());
    int t = 0;
    int e = 0;
    for (int i = 0; i < 9; i++) {
      List<NdArray> item = then.contains(i) ? d.thenItems().get(t++) : d.elseItems().get(e++);
      float[] x1 = data.get(i).get(0).toFloatArray();
      float[] got = item.get(0).toFloatArray();
      for (int k = 0; k < x1.length; k++) {
        assertEquals(2 * x1[k], got[k]);
      }
      assertArrayEquals(data.get(i).get(1).toFloatArray(), item.get(1).toFloatArray());
    }
  }

  /** Outer(A): then = a graph with If Inner(B) over two ConvModels, else = a ConvModel. */
  private static Model nestedIfModel() {
    Node x1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node x2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Node a = Ops.parameter("A", ElementType.BOOLEAN, PartialShape.of());
    Node b = Ops.parameter("B", ElementType.BOOLEAN, PartialShape.of());
    Node bx1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node bx2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Node bb = Ops.parameter("B", ElementType.BOOLEAN, PartialShape.of());
    Node inner = RunnableIfModels.ifOp("Inner", bb.output(), List.of(bx1.output(), bx2.output()),
        RunnableIfModels.convModel(31, "Concat"), RunnableIfModels.convModel(32, "Concat"), PartialShape.of(2, 3, 4, 2));
    Model thenBody = new Model("OuterThen", List.of(bx1, bx2, bb), List.of(Ops.result(inner.output())));
    Model elseBody = RunnableIfModels.convModel(33, "Concat");
    // the helper maps inputs 1..3 to Parameters 0..2 of both bodies; the else body has only two Parameters
    Node outer = Ops.node("If", "opset8", List.of(a.output(), x1.output(), x2.output(), b.output()));
    outer.setName("Outer");
    outer.addOutput(ElementType.F32, PartialShape.of(2, 3, 4, 2));
    for (Model body : List.of(thenBody, elseBody)) {
      List<dev.jvino.ir.SubgraphBody.PortMapping> pm = new ArrayList<>();
      for (int i = 0; i < body.parameters().size(); i++) {
        pm.add(new dev.jvino.ir.SubgraphBody.PortMapping(true, i + 1, body.parameters().get(i), Map.of()));
      }
      pm.add(new dev.jvino.ir.SubgraphBody.PortMapping(false, 4, body.results().get(0), Map.of()));
      String tag = body == thenBody ? "then" : "else";
      outer.bodies().add(new dev.jvino.ir.SubgraphBody(tag + "_body", tag + "_port_map", body, pm, List.of()));
    }
    return new Model("Nested", List.of(x1, x2, a, b), List.of(Ops.result(outer.output())));
  }

  @Test
  void nestedIfBodiesAreQuantizedRecursively() {
    Model fp = nestedIfModel();
    Random rnd = new Random(17);
    List<List<NdArray>> data = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      data.add(List.of(randn(rnd, 1, 1, 3, 4, 2), randn(rnd, 1, 1, 3, 2, 4), NdArray.bools(new long[0], i % 2 == 0),
          NdArray.bools(new long[0], i % 3 == 0)));
    }
    PostTrainingQuantization.Result r = Nncf.quantize(fp, Dataset.of(data), QuantizeOptions.builder().subsetSize(12)
        .build(), ENGINE);
    assertEquals(List.of("Outer/then_body", "Outer/then_body/Inner/then_body", "Outer/then_body/Inner/else_body",
        "Outer/else_body"), List.copyOf(r.ifBodies().keySet()));
    // A true for 0,2,4,6,8,10; among those B true for 0 and 6
    assertEquals(List.of(0, 2, 4, 6), r.ifBodies().values().stream().map(PostTrainingQuantization.Result::samples)
        .toList());
    Model innerThen = body(body(r.model(), "Outer", 0), "Inner", 0);
    assertTrue(r.ifBodies().get("Outer/then_body/Inner/then_body").model() == innerThen);
    for (Model leaf : List.of(innerThen, body(body(r.model(), "Outer", 0), "Inner", 1), body(r.model(), "Outer", 1))) {
      assertEquals(List.of("Sub/fq_output_0"), List.copyOf(fakeQuantizeNames(leaf)));
      assertEquals("Multiply", leaf.node("Conv/fq_weights_1").orElseThrow().type());
    }
    assertTrue(fakeQuantizeNames(body(r.model(), "Outer", 0)).isEmpty());
    // the quantized model runs each path close to the float model, also after an IR round trip
    dev.jvino.ir.io.IrWriter.Serialized ir = dev.jvino.ir.io.IrWriter.serialize(r.model(),
        dev.jvino.ir.io.IrWriter.Options.DEFAULT);
    Model read = dev.jvino.ir.io.IrReader.read(ir.xml(), ir.weights(), dev.jvino.ir.io.IrReader.Options.DEFAULT);
    var f = ENGINE.compile(fp).createSession();
    var q = ENGINE.compile(r.model()).createSession();
    var qr = ENGINE.compile(read).createSession();
    for (int i : new int[] {0, 1, 2}) { // inner then, outer else, inner else
      float[] ref = f.infer(data.get(i)).get(0).toFloatArray();
      float[] got = q.infer(data.get(i)).get(0).toFloatArray();
      assertArrayEquals(got, qr.infer(data.get(i)).get(0).toFloatArray(), "IR round trip, sample " + i);
      double err = 0;
      double norm = 0;
      for (int k = 0; k < 24; k++) {
        err += (ref[k] - got[k]) * (double) (ref[k] - got[k]);
        norm += ref[k] * (double) ref[k];
      }
      assertTrue(err > 0 && Math.sqrt(err / norm) < 0.1, "sample " + i + ": relative L2 " + Math.sqrt(err / norm));
    }
  }

  @Test
  void fastBiasCorrectionOffIsRejectedForIfModels() {
    ParameterNotSupportedException e = assertThrows(ParameterNotSupportedException.class,
        () -> Nncf.quantize(floatModel, Dataset.of(samples), options().fastBiasCorrection(false).build(), ENGINE));
    assertTrue(e.getMessage().contains("BiasCorrection") && e.getMessage().contains("If"), e.getMessage());
  }

  @Test
  void ignoredScopeIsValidatedOnceOverAllGraphs() throws IOException {
    // "MatMul" exists only in the else body of IfModel_2: it is valid for the model as a whole
    Model m = RunnableIfModels.ifModel2();
    List<List<NdArray>> data = new ArrayList<>();
    for (List<NdArray> s : samples(3, 6, i -> i < 4)) {
      data.add(List.of(s.get(0), s.get(2)));
    }
    QuantizeOptions o = options().ignoredScope(IgnoredScope.builder().names("MatMul").build()).build();
    PostTrainingQuantization.Result r = Nncf.quantize(m, Dataset.of(data), o, ENGINE);
    Model[] graphs = {r.model(), body(r.model(), "If_19", 0), body(r.model(), "If_19", 1)};
    String[] refs = {"IfModel_2_ignored_scope_main", "IfModel_2_ignored_scope_then", "IfModel_2_ignored_scope_else"};
    for (int i = 0; i < 3; i++) {
      assertEquals(reference(refs[i]), opTypes(graphs[i]), refs[i]);
    }
    assertEquals(List.of("Sub/fq_output_0"), List.copyOf(fakeQuantizeNames(graphs[1])));
    assertTrue(r.ifBodies().get("If_19/else_body").setup().points().isEmpty());
    assertEquals(4, r.ifBodies().get("If_19/then_body").samples());
    // a rule no graph matches is still an error
    QuantizeOptions nowhere = options().ignoredScope(IgnoredScope.builder().names("Nowhere").build()).build();
    ValidationException e = assertThrows(ValidationException.class,
        () -> Nncf.quantize(m, Dataset.of(data), nowhere, ENGINE));
    assertTrue(e.getMessage().contains("Nowhere"), e.getMessage());
  }

  @Test
  void aBodyNoSampleTakesCannotBeCalibrated() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> Nncf.quantize(floatModel, Dataset.of(samples(4, 3, i -> true)), options().build(), ENGINE));
    assertTrue(e.getMessage().contains("If_72") && e.getMessage().contains("else_body"), e.getMessage());
  }
}
