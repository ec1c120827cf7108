package dev.jvino.openvino;

import java.time.Duration;

/**
 * Per-node performance counters of the last inference (needs {@link Props#ENABLE_PROFILING}).
 *
 * @param status whether the node ran
 * @param realTime wall time
 * @param cpuTime CPU time
 * @param nodeName the node
 * @param execType the kernel that ran it
 * @param nodeType the operation type
 */
public record ProfilingInfo(
    Status status, Duration realTime, Duration cpuTime, String nodeName, String execType, String nodeType) {
  /** {@code ov_profiling_info_t::Status}. */
  public enum Status { NOT_RUN, OPTIMIZED_OUT, EXECUTED }
}
