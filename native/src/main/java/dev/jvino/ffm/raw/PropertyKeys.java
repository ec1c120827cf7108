package dev.jvino.ffm.raw;

import java.util.Map;

/**
 * The {@code ov_property_key_*} variables of {@code ov_property.h} (and the AUTO plugin header) and
 * the key string each held in the headers' sources. The loaded runtime's own variable is the
 * authority ({@link OvApi#stringVariable}); this map is the fallback for a runtime that lacks one.
 */
public final class PropertyKeys {
  private PropertyKeys() {}

  /** Variable name (without the {@code ov_property_key_} prefix) to its documented key string. */
  public static final Map<String, String> KNOWN =
      Map.ofEntries(
          Map.entry("supported_properties", "SUPPORTED_PROPERTIES"),
          Map.entry("available_devices", "AVAILABLE_DEVICES"),
          Map.entry("optimal_number_of_infer_requests", "OPTIMAL_NUMBER_OF_INFER_REQUESTS"),
          Map.entry("range_for_async_infer_requests", "RANGE_FOR_ASYNC_INFER_REQUESTS"),
          Map.entry("range_for_streams", "RANGE_FOR_STREAMS"),
          Map.entry("device_full_name", "FULL_DEVICE_NAME"),
          Map.entry("device_capabilities", "OPTIMIZATION_CAPABILITIES"),
          Map.entry("model_name", "NETWORK_NAME"),
          Map.entry("optimal_batch_size", "OPTIMAL_BATCH_SIZE"),
          Map.entry("max_batch_size", "MAX_BATCH_SIZE"),
          Map.entry("cache_dir", "CACHE_DIR"),
          Map.entry("cache_encryption_callbacks", "CACHE_ENCRYPTION_CALLBACKS"),
          Map.entry("num_streams", "NUM_STREAMS"),
          Map.entry("inference_num_threads", "INFERENCE_NUM_THREADS"),
          Map.entry("hint_enable_cpu_pinning", "ENABLE_CPU_PINNING"),
          Map.entry("hint_enable_hyper_threading", "ENABLE_HYPER_THREADING"),
          Map.entry("hint_performance_mode", "PERFORMANCE_HINT"),
          Map.entry("hint_scheduling_core_type", "SCHEDULING_CORE_TYPE"),
          Map.entry("hint_inference_precision", "INFERENCE_PRECISION_HINT"),
          Map.entry("hint_num_requests", "PERFORMANCE_HINT_NUM_REQUESTS"),
          Map.entry("log_level", "LOG_LEVEL"),
          Map.entry("hint_model_priority", "MODEL_PRIORITY"),
          Map.entry("enable_profiling", "PERF_COUNT"),
          Map.entry("device_priorities", "MULTI_DEVICE_PRIORITIES"),
          Map.entry("hint_execution_mode", "EXECUTION_MODE_HINT"),
          Map.entry("force_tbb_terminate", "FORCE_TBB_TERMINATE"),
          Map.entry("enable_mmap", "ENABLE_MMAP"),
          Map.entry("auto_batch_timeout", "AUTO_BATCH_TIMEOUT"));

  /** The exported symbol of a key, e.g. {@code ov_property_key_cache_dir}. */
  public static String symbol(String shortName) {
    return "ov_property_key_" + shortName;
  }
}
