package dev.jvino.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Chooses an {@link Engine}. The system property {@value #PROPERTY} ({@code reference}, {@code openvino},
 * another {@link EngineProvider}'s name, or {@code auto}, the default) selects it for {@link #auto()}.
 *
 * <p>{@code reference} is always available. Other engines come from {@link EngineProvider}s on the
 * class or module path; jvino-nncf itself provides {@code openvino}
 * ({@link dev.jvino.engine.openvino.OpenVinoEngineProvider}), available when an OpenVINO runtime is found.
 * So {@code auto} picks OpenVINO where it is installed and the reference engine elsewhere, and
 * {@code openvino} without a runtime fails with {@link EngineUnavailableException} listing where jvino
 * looked.
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
   * The engine called {@code name} (case-insensitive): {@code reference}, {@code auto}, or a provider's
   * name such as {@code openvino}.
   *
   * @throws EngineUnavailableException if the engine is known but cannot run here (for {@code openvino}
   *     without a provider: not available in this build)
   * @throws IllegalArgumentException for an unknown name
   */
  public static Engine byName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    switch (n) {
      case "reference", "ref" -> {
        return new ReferenceEngine();
      }
      case "auto", "" -> {
        Optional<EngineProvider> best = providers().stream().filter(EngineProvider::isAvailable)
            .filter(p -> p.priority() > 0).max(Comparator.comparingInt(EngineProvider::priority));
        if (best.isPresent()) {
          LOG.log(System.Logger.Level.DEBUG, "jvino.engine=auto: using {0}", best.get().name());
          return best.get().create();
        }
        LOG.log(System.Logger.Level.DEBUG, "jvino.engine=auto: no other engine available, using reference");
        return new ReferenceEngine();
      }
      default -> {
        String wanted = n.equals("ov") ? "openvino" : n;
        for (EngineProvider p : providers()) {
          if (p.name().equalsIgnoreCase(wanted)) {
            if (!p.isAvailable()) {
              throw new EngineUnavailableException(wanted, "the " + wanted + " engine is not available: "
                  + p.unavailableReason());
            }
            return p.create();
          }
        }
        if (wanted.equals("openvino")) {
          throw new EngineUnavailableException("openvino", "the OpenVINO engine needs the OpenVINO runtime through"
              + " jvino's native bindings, and this build of jvino-nncf does not include it; use -D" + PROPERTY
              + "=reference (or auto)");
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (property " + PROPERTY
            + "): expected reference, openvino, auto" + names());
      }
    }
  }

  private static String names() {
    List<String> names = providers().stream().map(EngineProvider::name).toList();
    return names.isEmpty() ? "" : " or one of " + names;
  }

  /** The engine providers visible to this module. */
  public static List<EngineProvider> providers() {
    List<EngineProvider> out = new ArrayList<>();
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())) {
      out.add(p);
    }
    return out;
  }
}
