package dev.jvino.engine;

import java.util.Locale;

/**
 * Chooses an {@link Engine}. The system property {@value #PROPERTY} ({@code reference}, {@code openvino}
 * or {@code auto}, default {@code auto}) selects it for {@link #auto()}.
 *
 * <p>This build of jvino-nncf has no OpenVINO engine (the module does not depend on the native
 * bindings), so {@code auto} always picks the reference engine and {@code openvino} fails with
 * {@link EngineUnavailableException}.
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
   * @throws EngineUnavailableException for {@code openvino} (not available in this build)
   * @throws IllegalArgumentException for any other name
   */
  public static Engine byName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "reference", "ref" -> new ReferenceEngine();
      case "openvino", "ov" -> throw new EngineUnavailableException("openvino",
          "the OpenVINO engine needs the OpenVINO runtime through jvino's native bindings, and this build of"
              + " jvino-nncf does not include it; use -D" + PROPERTY + "=reference (or auto)");
      case "auto", "" -> {
        LOG.log(System.Logger.Level.DEBUG, "jvino.engine=auto: no OpenVINO engine in this build, using reference");
        yield new ReferenceEngine();
      }
      default -> throw new IllegalArgumentException(
          "unknown engine '" + name + "' (property " + PROPERTY + "): expected reference, openvino or auto");
    };
  }
}
