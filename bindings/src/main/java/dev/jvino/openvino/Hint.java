package dev.jvino.openvino;

/** Typed high-level performance hints. */
public final class Hint {
  private Hint() {}

  /** What to optimise for. */
  public enum PerformanceMode { LATENCY, THROUGHPUT, CUMULATIVE_THROUGHPUT }

  /** Performance versus accuracy. */
  public enum ExecutionMode { PERFORMANCE, ACCURACY }

  /** Relative model priority. */
  public enum Priority { LOW, MEDIUM, HIGH }

  /** {@code PERFORMANCE_HINT}. */
  public static final Property<PerformanceMode> PERFORMANCE_MODE =
      new Property<>("hint_performance_mode", "PERFORMANCE_HINT", Enum::name, PerformanceMode::valueOf);

  /** {@code PERFORMANCE_HINT_NUM_REQUESTS}. */
  public static final Property<Integer> NUM_REQUESTS =
      new Property<>("hint_num_requests", "PERFORMANCE_HINT_NUM_REQUESTS", String::valueOf, Integer::parseInt);

  /** {@code EXECUTION_MODE_HINT}. */
  public static final Property<ExecutionMode> EXECUTION_MODE =
      new Property<>("hint_execution_mode", "EXECUTION_MODE_HINT", Enum::name, ExecutionMode::valueOf);

  /** {@code MODEL_PRIORITY}. */
  public static final Property<Priority> MODEL_PRIORITY =
      new Property<>("hint_model_priority", "MODEL_PRIORITY", Enum::name, Priority::valueOf);

  /** {@code ENABLE_CPU_PINNING}. */
  public static final Property<Boolean> ENABLE_CPU_PINNING =
      new Property<>("hint_enable_cpu_pinning", "ENABLE_CPU_PINNING", b -> b ? "YES" : "NO", Props::parseBool);

  /** {@code ENABLE_HYPER_THREADING}. */
  public static final Property<Boolean> ENABLE_HYPER_THREADING =
      new Property<>("hint_enable_hyper_threading", "ENABLE_HYPER_THREADING", b -> b ? "YES" : "NO", Props::parseBool);
}
