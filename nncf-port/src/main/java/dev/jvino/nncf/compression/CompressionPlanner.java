package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.nncf.BackupMode;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.GroupSizeFallbackMode;
import dev.jvino.nncf.weights.GroupSizeFallback;
import dev.jvino.nncf.weights.WeightLowering;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which weights are compressed to which precision, as NNCF's
 * {@code WeightCompression.get_weight_compression_parameters}, {@code apply_mixed_precision} and
 * {@code validate_group_size} do for the data-free OpenVINO path.
 */
final class CompressionPlanner {
  private static final System.Logger LOG = System.getLogger(CompressionPlanner.class.getName());
  private static final Set<ElementType> SUPPORTED = Set.of(ElementType.F16, ElementType.BF16, ElementType.F32,
      ElementType.F64, ElementType.F8E4M3, ElementType.F8E5M2);

  private final CompressWeightsOptions options;
  private final CompressWeightsMode mode;
  private final int groupSize;

  CompressionPlanner(CompressWeightsOptions options) {
    this.options = options;
    this.mode = options.mode();
    this.groupSize = options.groupSize();
  }

  /** A mutable weight entry while the plan is built. */
  static final class Entry {
    final WeightSite site;
    @Nullable WeightCompressionConfig config;

    Entry(WeightSite site, @Nullable WeightCompressionConfig config) {
      this.site = site;
      this.config = config;
    }
  }

  /** Builds the plan for the model; {@code scorer} gives the data-free sensitivity of a ratio-defining weight. */
  CompressionPlan plan(Model model, MixedPrecision.Scorer scorer) {
    NncfGraphOrder order = NncfGraphOrder.of(model);
    List<WeightFinder.Candidate> candidates = WeightFinder.find(order);
    Set<String> ignored = new java.util.LinkedHashSet<>(IgnoredScopeResolver.resolve(options.ignoredScope(),
        order.allOps(), options.ignoredScope().validate()));
    ignored.addAll(IgnoredPatterns.matchNames(order.allOps()));

    List<Entry> all = new ArrayList<>();
    List<WeightSite> skipped = new ArrayList<>();
    Set<String> weightNames = new HashSet<>();
    boolean lastLayerSkipped = false;
    int n = candidates.size();
    for (int i = 0; i < n; i++) {
      WeightFinder.Candidate c = candidates.get(i);
      boolean target = !ignored.contains(c.op().name());
      boolean last = i == n - 1;
      for (WeightSite w : c.weights()) {
        if (weightNames.contains(w.weightName())) {
          lastLayerSkipped = last;
          continue;
        }
        if (target && !ignored.contains(w.weightName()) && isSupported(w.dtype(), mode)) {
          if (groupSize != -1 && options.allLayers() && w.kind() == OpKind.EMBEDDING && w.reductionAxes().length != 1) {
            LOG.log(Level.WARNING, "Weight compression expects a single reduction axis, but {0} given for {1}; it"
                + " stays in {2} mode.", w.reductionAxes().length, w, options.backupMode());
          }
          all.add(new Entry(w, backupConfig(w.dtype())));
          weightNames.add(w.weightName());
        } else {
          lastLayerSkipped = last;
          skipped.add(w);
        }
      }
    }

    List<Entry> ratioDefining = ratioDefining(all, lastLayerSkipped);
    Map<String, Integer> groupSizes = new HashMap<>();
    GroupSizeFallbackMode fallback = options.advancedParameters().groupSizeFallbackMode();
    if (fallback == GroupSizeFallbackMode.IGNORE && groupSize != -1) {
      Set<String> excluded = new HashSet<>();
      for (Entry e : ratioDefining) {
        if (fallback(e.site, GroupSizeFallbackMode.IGNORE) instanceof GroupSizeFallback.Skip) {
          excluded.add(e.site.op().name());
          skipped.add(e.site);
        }
      }
      if (!excluded.isEmpty()) {
        ratioDefining.removeIf(e -> excluded.contains(e.site.op().name()));
        all.removeIf(e -> excluded.contains(e.site.op().name()));
        LOG.log(Level.WARNING, "Group-wise quantization with group size {0} can''t be applied to {1}; they keep"
            + " their original precision.", groupSize, excluded);
      }
    }
    if (fallback == GroupSizeFallbackMode.ADJUST && groupSize != -1) {
      List<Entry> valid = new ArrayList<>();
      for (Entry e : ratioDefining) {
        switch (fallback(e.site, GroupSizeFallbackMode.ADJUST)) {
          case GroupSizeFallback.Use use -> {
            valid.add(e);
            groupSizes.put(e.site.weightName(), use.groupSize());
            if (use.adjusted()) {
              LOG.log(Level.INFO, "{0}: group size {1} does not divide its channel; using {2}.", e.site, groupSize,
                  use.groupSize());
            }
          }
          case GroupSizeFallback.Backup b -> LOG.log(Level.INFO, "{0}: no valid adjusted group size; it is"
              + " quantized in the {1} backup mode.", e.site, options.backupMode());
          case GroupSizeFallback.Skip skip -> throw new IllegalStateException("ADJUST never skips");
        }
      }
      ratioDefining = valid;
    } else {
      for (Entry e : ratioDefining) {
        groupSizes.put(e.site.weightName(), groupSize);
      }
    }
    for (Entry e : ratioDefining) {
      e.config = primaryConfig(groupSizes.get(e.site.weightName()));
    }

    double ratio = effectiveRatio(options.ratio());
    if (ratio < 1 && !ratioDefining.isEmpty()) {
      Set<Entry> primary = MixedPrecision.select(ratioDefining, ratio, scorer);
      for (Entry e : ratioDefining) {
        if (!primary.contains(e)) {
          e.config = backupConfig(e.site.dtype());
        }
      }
    }
    validateGroupSize(ratioDefining);

    Set<Entry> rd = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    rd.addAll(ratioDefining);
    List<WeightAssignment> assignments = all.stream()
        .map(e -> new WeightAssignment(e.site, e.config, rd.contains(e))).toList();
    return new CompressionPlan(assignments, List.copyOf(skipped));
  }

  /** The group-size decision for a ratio-defining weight (single reduction axis). */
  private GroupSizeFallback.Decision fallback(WeightSite site, GroupSizeFallbackMode mode) {
    site.reductionChannelSize(); // NNCF's single-reduction-axis check
    return GroupSizeFallback.resolve(site.shape(), site.reductionAxes()[0], groupSize, mode,
        options.advancedParameters().minAdjustedGroupSize());
  }

  /**
   * The ratio as NNCF uses it: the user's decimal value (a float's shortest digits, not its binary
   * expansion, so 0.8f compares like Python's 0.8), and {@code ratio or 1}: a ratio of 0 means 1.
   */
  static double effectiveRatio(float ratio) {
    return ratio == 0f ? 1.0 : Double.parseDouble(Float.toString(ratio));
  }

  private List<Entry> ratioDefining(List<Entry> all, boolean lastLayerSkipped) {
    if (mode == CompressWeightsMode.INT8_ASYM || mode == CompressWeightsMode.INT8_SYM) {
      return new ArrayList<>(all);
    }
    List<Entry> out = new ArrayList<>(all.stream().filter(e -> e.site.kind() == OpKind.MATMUL).toList());
    if (!options.allLayers() && !lastLayerSkipped && !out.isEmpty()) {
      out.removeLast();
    }
    if (options.allLayers()) {
      all.stream().filter(e -> e.site.kind() == OpKind.EMBEDDING && e.site.reductionAxes().length == 1)
          .forEach(out::add);
    }
    return out;
  }

  private void validateGroupSize(List<Entry> ratioDefining) {
    List<InvalidGroupSizeConfigException.FailedNode> failed = new ArrayList<>();
    for (Entry e : ratioDefining) {
      if (e.config == null || e.config.groupSize() == -1) {
        continue;
      }
      long channel = e.site.reductionChannelSize();
      if (channel % e.config.groupSize() != 0) {
        failed.add(new InvalidGroupSizeConfigException.FailedNode(e.site.op().name(), channel));
      }
    }
    if (!failed.isEmpty()) {
      throw new InvalidGroupSizeConfigException(groupSize, failed);
    }
  }

  /** NNCF's {@code is_weight_compression_supported}. */
  boolean isSupported(ElementType dtype, CompressWeightsMode m) {
    if (!SUPPORTED.contains(dtype)) {
      return false;
    }
    if ((m == CompressWeightsMode.INT8_ASYM || m == CompressWeightsMode.INT8_SYM)
        && (dtype == ElementType.F8E4M3 || dtype == ElementType.F8E5M2)) {
      return false;
    }
    if (m == CompressWeightsMode.CODEBOOK) {
      int entries = options.advancedParameters().codebook().map(cb -> cb.length).orElse(0);
      int codebookBits = 31 - Integer.numberOfLeadingZeros(entries); // bit_length - 1
      return codebookBits < dtype.bitWidth();
    }
    return true;
  }

  /** NNCF's {@code _get_backup_config}. */
  @Nullable WeightCompressionConfig backupConfig(ElementType dtype) {
    BackupMode backup = options.backupMode();
    WeightCompressionConfig config = switch (backup) {
      case NONE -> null;
      case FP8_E4M3 -> new WeightCompressionConfig(CompressWeightsMode.FP8_E4M3, groupSize);
      case MXFP8_E4M3 -> new WeightCompressionConfig(CompressWeightsMode.MXFP8_E4M3, 32);
      case INT8_SYM -> new WeightCompressionConfig(CompressWeightsMode.INT8_SYM, -1);
      case INT8_ASYM -> new WeightCompressionConfig(CompressWeightsMode.INT8_ASYM, -1);
    };
    if (config == null || !isSupported(dtype, config.mode())) {
      return null;
    }
    return config;
  }

  private WeightCompressionConfig primaryConfig(int gs) {
    float[] codebook = switch (mode) {
      case CB4 -> WeightLowering.cb4Codebook();
      case CODEBOOK -> options.advancedParameters().codebook().orElseThrow();
      // estimated later on data (CodebookEstimationStep), starting from the user codebook or CB4
      case ADAPTIVE_CODEBOOK -> options.advancedParameters().codebook().orElseGet(WeightLowering::cb4Codebook);
      default -> null;
    };
    ElementType cbType = mode == CompressWeightsMode.CODEBOOK
        || (mode == CompressWeightsMode.ADAPTIVE_CODEBOOK && options.advancedParameters().codebook().isPresent())
        ? options.advancedParameters().codebookType() : ElementType.F32;
    return new WeightCompressionConfig(mode, gs, codebook, cbType);
  }
}
