package dev.jvino.openvino;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Typed general OpenVINO properties (keys of {@code ov_property.h}). */
public final class Props {
  private Props() {}

  /** The {@link #NUM_STREAMS} value meaning "AUTO". */
  public static final int AUTO_STREAMS = -1;

  /** Directory for the model cache ({@code CACHE_DIR}). */
  public static final Property<Path> CACHE_DIR = new Property<>("cache_dir", "CACHE_DIR", Path::toString, Path::of);

  /** Number of execution streams ({@code NUM_STREAMS}); {@link #AUTO_STREAMS} lets the device choose. */
  public static final Property<Integer> NUM_STREAMS =
      new Property<>("num_streams", "NUM_STREAMS", n -> n == AUTO_STREAMS ? "AUTO" : Integer.toString(n),
          s -> s.equals("AUTO") ? AUTO_STREAMS : Integer.parseInt(s));

  /** Precision the device computes in ({@code INFERENCE_PRECISION_HINT}), e.g. f32 or bf16. */
  public static final Property<ElementType> INFERENCE_PRECISION =
      new Property<>("hint_inference_precision", "INFERENCE_PRECISION_HINT", ElementType::typeName, ElementType::ofName);

  /** Threads for inference ({@code INFERENCE_NUM_THREADS}). */
  public static final Property<Integer> INFERENCE_NUM_THREADS =
      new Property<>("inference_num_threads", "INFERENCE_NUM_THREADS", String::valueOf, Integer::parseInt);

  /** Per-layer performance counters ({@code PERF_COUNT}); needed for profiling info. */
  public static final Property<Boolean> ENABLE_PROFILING =
      new Property<>("enable_profiling", "PERF_COUNT", b -> b ? "YES" : "NO", Props::parseBool);

  /** Device order for AUTO/MULTI/HETERO ({@code MULTI_DEVICE_PRIORITIES}), e.g. [GPU, CPU]. */
  public static final Property<List<String>> DEVICE_PRIORITIES =
      new Property<>("device_priorities", "MULTI_DEVICE_PRIORITIES", l -> String.join(",", l),
          s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList());

  /** Whether models are read with mmap ({@code ENABLE_MMAP}). */
  public static final Property<Boolean> ENABLE_MMAP =
      new Property<>("enable_mmap", "ENABLE_MMAP", b -> b ? "YES" : "NO", Props::parseBool);

  /** Read-only: the device's full name ({@code FULL_DEVICE_NAME}). */
  public static final Property<String> DEVICE_FULL_NAME =
      new Property<>("device_full_name", "FULL_DEVICE_NAME", s -> s, s -> s);

  /** Read-only: the properties a device or compiled model supports ({@code SUPPORTED_PROPERTIES}). */
  public static final Property<List<String>> SUPPORTED_PROPERTIES =
      new Property<>("supported_properties", "SUPPORTED_PROPERTIES", l -> String.join(" ", l),
          s -> Arrays.stream(s.split("[\\s,]+")).filter(x -> !x.isEmpty()).toList());

  /** Read-only: the compiled model's name ({@code NETWORK_NAME}). */
  public static final Property<String> MODEL_NAME = new Property<>("model_name", "NETWORK_NAME", s -> s, s -> s);

  /** Read-only: how many requests keep the device busy ({@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}). */
  public static final Property<Integer> OPTIMAL_NUMBER_OF_INFER_REQUESTS =
      new Property<>("optimal_number_of_infer_requests", "OPTIMAL_NUMBER_OF_INFER_REQUESTS", String::valueOf, Integer::parseInt);

  static boolean parseBool(String s) {
    return switch (s.toUpperCase(java.util.Locale.ROOT)) {
      case "YES", "TRUE", "1" -> true;
      case "NO", "FALSE", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean: " + s);
    };
  }
}
