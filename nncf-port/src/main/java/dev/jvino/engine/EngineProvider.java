package dev.jvino.engine;

/**
 * A pluggable {@link Engine}, found with {@link java.util.ServiceLoader} (so a module that can reach
 * OpenVINO's runtime can offer an {@code openvino} engine without jvino-nncf depending on it).
 * {@link Engines#byName} returns the provider's engine for its {@link #name()}; {@link Engines#auto()}
 * prefers the available provider with the highest {@link #priority()} over the reference engine.
 */
public interface EngineProvider {
  /** The engine name users select it by (lower case), e.g. {@code openvino}. */
  String name();

  /** Whether the engine can run here (e.g. its native runtime was found). */
  boolean isAvailable();

  /** Why {@link #isAvailable()} is false, for the error message. */
  String unavailableReason();

  /** A new engine; only called when {@link #isAvailable()}. */
  Engine create();

  /** Preference for {@link Engines#auto()}: higher wins; the reference engine counts as 0. */
  default int priority() {
    return 100;
  }
}
