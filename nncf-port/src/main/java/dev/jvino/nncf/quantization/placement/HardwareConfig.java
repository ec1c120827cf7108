package dev.jvino.nncf.quantization.placement;

import static dev.jvino.nncf.quantization.placement.QSpace.*;

import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.quantization.QuantizerConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The hardware configuration quantizer placement follows (NNCF's {@code CPU_SETUP}, used for ANY, CPU and
 * CPU_SPR): for each op, the quantization spaces its activations and weights allow, and whether its inputs share
 * one scale. GPU and NPU setups are not ported.
 */
public final class HardwareConfig {
  /** One op of the setup (NNCF's {@code OpDesc}). */
  public record OpDesc(HwOp type, List<QSpace> activations, List<QSpace> weights, boolean unifiedScales) {
    public OpDesc {
      activations = List.copyOf(activations);
      weights = List.copyOf(weights);
    }
  }

  private static final List<QSpace> W = List.of(Q8_W_SYM, Q8_W_ASYM, Q16_W_SYM, Q16_W_ASYM);
  private static final List<QSpace> A = List.of(Q8_A, Q16_A);

  /** The CPU setup, in NNCF's order. */
  public static final List<OpDesc> CPU_SETUP = cpuSetup();

  private static List<OpDesc> cpuSetup() {
    List<OpDesc> s = new ArrayList<>();
    s.add(new OpDesc(HwOp.CONVOLUTION, A, W, false));
    s.add(new OpDesc(HwOp.DEPTHWISE_CONVOLUTION, List.of(Q8_A_CH, Q16_A_CH), W, false));
    for (HwOp op : List.of(HwOp.MAT_MUL, HwOp.ADD, HwOp.MULTIPLY, HwOp.MAXIMUM, HwOp.LESS, HwOp.LESS_EQUAL,
        HwOp.GREATER, HwOp.GREATER_EQUAL, HwOp.DIVIDE, HwOp.MINIMUM, HwOp.EQUAL, HwOp.SUBTRACT, HwOp.NOT_EQUAL,
        HwOp.FLOOR_MOD, HwOp.LOGICAL_OR, HwOp.LOGICAL_XOR, HwOp.LOGICAL_AND, HwOp.LOGICAL_NOT)) {
      s.add(new OpDesc(op, A, W, false));
    }
    for (HwOp op : List.of(HwOp.POWER, HwOp.AVG_POOL, HwOp.NORMALIZE_L2, HwOp.REDUCE_L2, HwOp.REDUCE_MEAN)) {
      s.add(new OpDesc(op, A, List.of(), false));
    }
    s.add(new OpDesc(HwOp.INTERPOLATE, List.of(Q8_A), List.of(), false));
    s.add(new OpDesc(HwOp.MVN, A, List.of(), false));
    s.add(new OpDesc(HwOp.CONCAT, List.of(), List.of(), true));
    s.add(new OpDesc(HwOp.LSTM_SEQUENCE, A, List.of(Q8_W_SYM, Q16_W_SYM), false));
    s.add(new OpDesc(HwOp.GRU_SEQUENCE, A, List.of(Q8_W_SYM, Q16_W_SYM), false));
    s.add(new OpDesc(HwOp.REDUCE_SUM, A, List.of(), false));
    s.add(new OpDesc(HwOp.GROUP_NORMALIZATION, A, List.of(), false));
    s.add(new OpDesc(HwOp.SCALED_DOT_PRODUCT_ATTENTION, List.of(Q8_A_SYM, Q16_A_SYM), List.of(), false));
    for (HwOp op : List.of(HwOp.MAX_POOL, HwOp.REDUCE_MAX, HwOp.RESHAPE, HwOp.FLATTEN, HwOp.SQUEEZE,
        HwOp.UNSQUEEZE, HwOp.SPLIT, HwOp.VARIADIC_SPLIT, HwOp.CROP, HwOp.TRANSPOSE, HwOp.TILE, HwOp.STRIDED_SLICE,
        HwOp.SLICE, HwOp.SHUFFLE_CHANNELS, HwOp.BROADCAST, HwOp.PAD, HwOp.CONVERT_LIKE)) {
      s.add(new OpDesc(op, List.of(), List.of(), false));
    }
    s.add(new OpDesc(HwOp.EMBEDDING, List.of(), List.of(Q8_W_SYM_ANY_NR, Q8_W_ASYM, Q16_W_SYM_ANY_NR, Q16_W_ASYM),
        false));
    s.add(new OpDesc(HwOp.EMBEDDING_BAG, List.of(), List.of(), false));
    return List.copyOf(s);
  }

  private final Map<HwOp, OpDesc> byOp = new EnumMap<>(HwOp.class);

  private HardwareConfig(List<OpDesc> setup) {
    for (OpDesc d : setup) {
      byOp.put(d.type(), d);
    }
  }

  /**
   * The configuration for {@code device}.
   *
   * @throws dev.jvino.nncf.ParameterNotSupportedException for GPU and NPU, whose setups are not ported
   */
  public static HardwareConfig forDevice(TargetDevice device) {
    return switch (device) {
      case ANY, CPU, CPU_SPR -> new HardwareConfig(CPU_SETUP);
      case GPU, NPU -> throw new dev.jvino.nncf.ParameterNotSupportedException(
          "target_device " + device + ": only the CPU hardware setup (ANY, CPU, CPU_SPR) is ported");
    };
  }

  /**
   * The activation configurations allowed for {@code m}: null when the setup does not list the op, an empty list
   * when it lists the op without activation spaces (a "wildcard"), otherwise the configurations in order.
   */
  public @Nullable List<QuantizerConfig> activationConfigs(Metatype m) {
    return configs(m, false);
  }

  /** The weight configurations allowed for {@code m}, with the same null/empty conventions. */
  public @Nullable List<QuantizerConfig> weightConfigs(Metatype m) {
    return configs(m, true);
  }

  private @Nullable List<QuantizerConfig> configs(Metatype m, boolean weights) {
    HwOp op = m.hwOp();
    OpDesc d = op == null ? null : byOp.get(op);
    if (d == null) {
      return null;
    }
    LinkedHashSet<QuantizerConfig> out = new LinkedHashSet<>();
    for (QSpace s : weights ? d.weights() : d.activations()) {
      out.addAll(s.configs());
    }
    return List.copyOf(out);
  }

  /** Metatypes whose inputs must share one scale (Concat). */
  public Set<Metatype> unifiedScaleMetatypes() {
    Set<Metatype> out = EnumSet.noneOf(Metatype.class);
    for (Metatype m : Metatype.values()) {
      HwOp op = m.hwOp();
      if (op != null && byOp.containsKey(op) && byOp.get(op).unifiedScales()) {
        out.add(m);
      }
    }
    return out;
  }

  /** The quantization trait of {@code m} under this config, falling back to NNCF's OpenVINO defaults. */
  public QuantizationTrait trait(Metatype m) {
    List<QuantizerConfig> acts = activationConfigs(m);
    if (acts == null) {
      if (m.hwOp() != null) {
        return QuantizationTrait.NON_QUANTIZABLE;
      }
      return QuantizationTrait.defaultFor(m);
    }
    if (acts.isEmpty()) {
      return QuantizationTrait.defaultFor(m);
    }
    return QuantizationTrait.INPUTS_QUANTIZABLE;
  }
}
