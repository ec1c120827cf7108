package dev.jvino.engine;

import java.util.Objects;

/**
 * One row of a device's per-layer performance counters for one inference, as an engine's runtime
 * measured it (OpenVINO's {@code ov::ProfilingInfo}): the layer (node) name, its operation type, the
 * kernel that ran it, whether it ran, and its wall and CPU time.
 *
 * @param layerName the node name the runtime reports (the model's friendly name, or one the runtime made
 *     for a node it inserted or fused)
 * @param layerType the operation type
 * @param execType the implementation that ran it (for example {@code brgemm_avx2_FP32}); empty if unknown
 * @param status whether the layer ran
 * @param realNanos wall time in nanoseconds
 * @param cpuNanos CPU time in nanoseconds
 */
public record LayerCounter(String layerName, String layerType, String execType, Status status, long realNanos,
    long cpuNanos) {

  /** Whether the layer ran, as OpenVINO reports it. */
  public enum Status {
    /** The layer was not run. */
    NOT_RUN,
    /** The layer was removed or fused away by the device's graph optimisation. */
    OPTIMIZED_OUT,
    /** The layer ran. */
    EXECUTED
  }

  public LayerCounter {
    Objects.requireNonNull(layerName, "layerName");
    Objects.requireNonNull(layerType, "layerType");
    Objects.requireNonNull(execType, "execType");
    Objects.requireNonNull(status, "status");
    if (realNanos < 0 || cpuNanos < 0) {
      throw new IllegalArgumentException("layer '" + layerName + "' has a negative time: real " + realNanos
          + " ns, cpu " + cpuNanos + " ns");
    }
  }
}
