package dev.jvino.engine;

import java.util.Locale;

/**
 * Chooses an {@link Engine}. The system property {@value #PROPERTY} ({@code reference}, {@code openvino}
 * or {@code auto}, default {@code auto}) selects it for {@link #auto()}.
 *
 * <p>{@code auto} picks {@link dev.jvino.engine.openvino.OpenVinoEngine} (CPU, f32 precision) when an
 * OpenVINO runtime is found, else the pure-Java {@link ReferenceEngine}; {@code openvino} without a runtime
 * fails with {@link EngineUnavailableException} listing where jvino looked.
 */
public final class Engines {
  /** The system property naming the engine. */
  public static final String PROPERTY = "jvino.engine";

  private static final System.Logger LOG = System.getLogger(Engines.class.getName());

  private Engines() {}

  /** The engine named by {@value #PROPERTY}, or the best available one when it is unset or {@code auto}. */
  public static Engine auto() {
    return byName(System.getProperty(PROPERTY, "auto"));
  }

  /**
   * The engine called {@code name} (case-insensitive): {@code reference}, {@code openvino} or
   * {@code auto}.
   *
   * @throws EngineUnavailableException for {@code openvino} when no OpenVINO runtime is installed
   * @throws IllegalArgumentException for any other name
   */
  public static Engine byName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "reference", "ref" -> new ReferenceEngine();
      case "openvino", "ov" -> dev.jvino.engine.openvino.OpenVinoEngine.cpu();
      case "auto", "" -> {
        if (dev.jvino.openvino.OpenVino.isAvailable()) {
          yield dev.jvino.engine.openvino.OpenVinoEngine.cpu();
        }
        LOG.log(System.Logger.Level.DEBUG, "jvino.engine=auto: no OpenVINO runtime ("
            + dev.jvino.openvino.OpenVino.unavailableReason() + "), using the reference engine");
        yield new ReferenceEngine();
      }
      default -> throw new IllegalArgumentException(
          "unknown engine '" + name + "' (property " + PROPERTY + "): expected reference, openvino or auto");
    };
  }
}
