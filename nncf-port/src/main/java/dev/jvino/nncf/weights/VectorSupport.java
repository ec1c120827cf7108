package dev.jvino.nncf.weights;

/**
 * Whether the weight kernels use {@link VectorLowering} (the incubating {@code jdk.incubator.vector}
 * module) or their scalar loops. The module is only there when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (jvino's launcher, test and benchmark set-ups do this);
 * {@code -Djvino.vector=false} forces the scalar loops. Both paths give bit-identical results.
 *
 * <p>This class names no incubator type, so it loads on any JVM.
 */
final class VectorSupport {
  /** The module name looked up in the boot layer. */
  static final String MODULE = "jdk.incubator.vector";

  /** True when the vector kernels are used. */
  static final boolean ENABLED = enabled(System.getProperty("jvino.vector"),
      ModuleLayer.boot().findModule(MODULE).isPresent());

  private VectorSupport() {}

  /** The rule: the module must be present and the property must not be {@code false}. */
  static boolean enabled(String property, boolean modulePresent) {
    return modulePresent && !"false".equalsIgnoreCase(property == null ? "" : property.strip());
  }
}
