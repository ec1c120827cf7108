package dev.jvino.nncf.compression;

import dev.jvino.ir.RtInfo;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.IgnoredScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model rt_info NNCF writes after weight compression ({@code dump_parameters}): every parameter under
 * {@code nncf/weight_compression/<name>} as Python's {@code str()} of its value, the ignored scope as a
 * nested map of its non-empty fields, and {@code nncf/version}.
 */
public final class NncfRtInfo {
  /** The NNCF release whose behaviour this port follows, written to {@code nncf/version}. */
  public static final String NNCF_VERSION = "3.2.0";

  private NncfRtInfo() {}

  /** The parameters NNCF dumps, in its order, with their string values (ignored scope flattened). */
  /**
   * NNCF's dump of an ignored scope under {@code ignored_scope}: {@code []} when empty, else each non-empty
   * field as Python's {@code str()} of its list (shared by compress_weights and quantize).
   */
  public static void putIgnoredScope(Map<List<String>, String> p, IgnoredScope s) {
    if (s.isEmpty()) {
      p.put(List.of("ignored_scope"), "[]");
      return;
    }
    if (!s.names().isEmpty()) {
      p.put(List.of("ignored_scope", "names"), PythonRepr.strings(s.names()));
    }
    if (!s.patterns().isEmpty()) {
      p.put(List.of("ignored_scope", "patterns"), PythonRepr.strings(s.patterns()));
    }
    if (!s.types().isEmpty()) {
      p.put(List.of("ignored_scope", "types"), PythonRepr.strings(s.types()));
    }
    if (!s.subgraphs().isEmpty()) {
      p.put(List.of("ignored_scope", "subgraphs"), "[" + String.join(", ", s.subgraphs().stream()
          .map(g -> "{'inputs': " + PythonRepr.strings(g.inputs()) + ", 'outputs': "
              + PythonRepr.strings(g.outputs()) + "}").toList()) + "]");
    }
  }

  static Map<List<String>, String> parameters(CompressWeightsOptions o) {
    Map<List<String>, String> p = new LinkedHashMap<>();
    p.put(List.of("mode"), o.mode().value());
    p.put(List.of("group_size"), Integer.toString(o.groupSize()));
    // NNCF dumps `ratio or 1`: the int 1 when unset (or 0), else the float the user gave ("1.0" for 1.0)
    boolean given = o.ratioGiven() && o.ratio() != 0f;
    p.put(List.of("ratio"), given ? PythonRepr.floating(CompressionPlanner.effectiveRatio(o.ratio())) : "1");
    p.put(List.of("all_layers"), PythonRepr.bool(o.allLayers()));
    putIgnoredScope(p, o.ignoredScope());
    p.put(List.of("sensitivity_metric"), o.sensitivityMetric().value());
    p.put(List.of("awq"), PythonRepr.bool(o.awq()));
    p.put(List.of("scale_estimation"), PythonRepr.bool(o.scaleEstimation()));
    p.put(List.of("gptq"), PythonRepr.bool(o.gptq()));
    p.put(List.of("lora_correction"), PythonRepr.bool(o.loraCorrection()));
    p.put(List.of("backup_mode"), o.backupMode().value());
    p.put(List.of("compression_format"), o.compressionFormat().value());
    p.put(List.of("advanced_parameters"), advanced(o.advancedParameters()));
    return p;
  }

  /** Python's {@code str()} of NNCF's {@code convert_to_dict_recursively(AdvancedCompressionParameters)}. */
  static String advanced(AdvancedCompressionParameters a) {
    var awq = a.awq();
    var se = a.scaleEstimation();
    var gptq = a.gptq();
    var lora = a.loraCorrection();
    var acb = a.adaptiveCodebook();
    return "{'statistics_path': " + a.statisticsPath().map(x -> PythonRepr.string(x.toString())).orElse("None")
        + ", 'lora_adapter_rank': " + a.loraAdapterRank()
        + ", 'group_size_fallback_mode': " + PythonRepr.string(a.groupSizeFallbackMode().value())
        + ", 'min_adjusted_group_size': " + a.minAdjustedGroupSize()
        + ", 'awq_params': {'subset_size': " + awq.subsetSize() + ", 'percent_to_apply': "
        + PythonRepr.floating(awq.percentToApply()) + ", 'alpha_min': " + PythonRepr.floating(awq.alphaMin())
        + ", 'alpha_max': " + PythonRepr.floating(awq.alphaMax()) + ", 'steps': " + awq.steps()
        + ", 'prefer_data_aware_scaling': " + PythonRepr.bool(awq.preferDataAwareScaling()) + "}"
        + ", 'scale_estimation_params': {'subset_size': " + se.subsetSize() + ", 'initial_steps': "
        + se.initialSteps() + ", 'scale_steps': " + se.scaleSteps() + ", 'weight_penalty': "
        + PythonRepr.floating(se.weightPenalty()) + "}"
        + ", 'gptq_params': {'damp_percent': " + PythonRepr.floating(gptq.dampPercent()) + ", 'block_size': "
        + gptq.blockSize() + ", 'subset_size': " + gptq.subsetSize() + "}"
        + ", 'lora_correction_params': {'adapter_rank': " + lora.adapterRank() + ", 'num_iterations': "
        + lora.numIterations() + ", 'apply_regularization': " + PythonRepr.bool(lora.applyRegularization())
        + ", 'subset_size': " + lora.subsetSize() + ", 'use_int8_adapters': "
        + PythonRepr.bool(lora.useInt8Adapters()) + "}"
        + ", 'backend_params': {}"
        + ", 'codebook': " + a.codebook().map(cb -> numpyArray(cb, a.codebookType())).orElse("None")
        + ", 'adaptive_codebook_params': {'value_type': " + PythonRepr.string(acb.valueType().irName())
        + ", 'across_blocks': " + PythonRepr.bool(acb.acrossBlocks()) + ", 'num_elements': " + acb.numElements()
        + "}}";
  }

  /**
   * A 1-D array, written space-separated in brackets (close to, not exactly, numpy's str): integers for
   * an integer-typed codebook, Python floats otherwise.
   */
  private static String numpyArray(float[] v, dev.jvino.ir.ElementType type) {
    List<String> parts = new ArrayList<>();
    for (float f : v) {
      parts.add(type.isInteger() ? Long.toString((long) f) : PythonRepr.floating(f));
    }
    return "[" + String.join(" ", parts) + "]";
  }

  /** Writes the parameters and the version into the model rt_info under {@code nncf}. */
  static void dump(RtInfo rt, CompressWeightsOptions options) {
    for (Map.Entry<List<String>, String> e : parameters(options).entrySet()) {
      List<String> path = new ArrayList<>(List.of("nncf", "weight_compression"));
      path.addAll(e.getKey());
      put(rt, path, e.getValue());
    }
    put(rt, List.of("nncf", "version"), NNCF_VERSION);
  }

  /** Sets a nested model-level value, replacing one already there and keeping the rest of the tree. */
  public static void put(RtInfo rt, List<String> path, String value) {
    String key = path.getFirst();
    Optional<RtInfo.Entry> existing = rt.find(key);
    RtInfo.Entry updated = withValue(existing.orElse(null), path, value);
    if (existing.isPresent()) {
      List<RtInfo.Entry> all = new ArrayList<>(rt.entries());
      for (RtInfo.Entry e : all) {
        rt.remove(e.key());
      }
      for (RtInfo.Entry e : all) {
        rt.add(e.key().equals(key) ? updated : e);
      }
    } else {
      rt.add(updated);
    }
  }

  private static RtInfo.Entry withValue(RtInfo.Entry node, List<String> path, String value) {
    String key = path.getFirst();
    if (path.size() == 1) {
      return entry(key, Map.of("value", value), List.of());
    }
    List<RtInfo.Entry> children = new ArrayList<>(node == null ? List.of() : node.children());
    List<String> rest = path.subList(1, path.size());
    int at = -1;
    for (int i = 0; i < children.size(); i++) {
      if (children.get(i).key().equals(rest.getFirst())) {
        at = i;
        break;
      }
    }
    RtInfo.Entry child = withValue(at >= 0 ? children.get(at) : null, rest, value);
    if (at >= 0) {
      children.set(at, child);
    } else {
      children.add(child);
    }
    return entry(key, Map.of(), children);
  }

  private static RtInfo.Entry entry(String key, Map<String, String> attrs, List<RtInfo.Entry> children) {
    if (RtInfo.isIdentifier(key)) {
      return new RtInfo.Entry(key, attrs, children);
    }
    Map<String, String> a = new LinkedHashMap<>();
    a.put("name", key);
    a.putAll(attrs);
    return new RtInfo.Entry("info", a, children);
  }

  /** Reads a value NNCF wrote, e.g. {@code value(rt, "nncf", "weight_compression", "mode")}. */
  public static Optional<String> value(RtInfo rt, String... path) {
    return rt.find(path).flatMap(RtInfo.Entry::value);
  }
}
