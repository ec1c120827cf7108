package dev.jvino.engine;

import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.ir.Node;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference engine's dispatch table: op type (case-insensitive, as OpenVINO's opset lookup) and
 * opset version to an {@link OpKernel}. The IR names an op's version by the opset that introduced it
 * ({@code Softmax} in {@code opset1} and {@code opset8}, {@code Gather} in {@code opset1/7/8}), so each
 * entry lists the opsets whose semantics its kernel implements.
 */
public final class KernelRegistry {
  private final Map<String, Map<String, OpKernel>> table = new TreeMap<>();

  /** A registry holding every kernel of the reference engine. */
  public static KernelRegistry standard() {
    KernelRegistry r = new KernelRegistry();
    CoreKernels.register(r);
    ShapeKernels.register(r);
    return r;
  }

  /**
   * Registers {@code kernel} for op {@code type} in each of {@code versions} (e.g. {@code "opset1"}).
   * A later registration for the same type and version replaces the earlier one.
   */
  public KernelRegistry register(String type, List<String> versions, OpKernel kernel) {
    Map<String, OpKernel> byVersion = table.computeIfAbsent(type.toLowerCase(Locale.ROOT), k -> new TreeMap<>());
    for (String v : versions) {
      byVersion.put(v.toLowerCase(Locale.ROOT), kernel);
    }
    return this;
  }

  /** Whether a kernel exists for this type and version. */
  public boolean supports(String type, String version) {
    Map<String, OpKernel> byVersion = table.get(type.toLowerCase(Locale.ROOT));
    return byVersion != null && byVersion.containsKey(version.toLowerCase(Locale.ROOT));
  }

  /**
   * The kernel for {@code node}.
   *
   * @throws UnsupportedOpException naming the op type, version and node, and pointing to the OpenVINO
   *     engine, when there is none
   */
  public OpKernel kernelFor(Node node) {
    Map<String, OpKernel> byVersion = table.get(node.type().toLowerCase(Locale.ROOT));
    String op = node.type() + "-" + node.version();
    if (byVersion == null) {
      throw new UnsupportedOpException(op, "node '" + node.name() + "': the reference engine has no kernel for "
          + node.type() + "; run this model with the OpenVINO engine (-D" + Engines.PROPERTY + "=openvino)");
    }
    OpKernel k = byVersion.get(node.version().toLowerCase(Locale.ROOT));
    if (k == null) {
      throw new UnsupportedOpException(op, "node '" + node.name() + "': the reference engine implements "
          + node.type() + " only in " + byVersion.keySet() + ", not " + node.version()
          + "; run this model with the OpenVINO engine (-D" + Engines.PROPERTY + "=openvino)");
    }
    return k;
  }

  /** Every supported op as {@code Type -> [opsets]}, sorted (for reports and tests). */
  public Map<String, Set<String>> supportedOps() {
    Map<String, Set<String>> m = new TreeMap<>();
    table.forEach((t, v) -> m.put(t, Collections.unmodifiableSet(new TreeSet<>(v.keySet()))));
    return Collections.unmodifiableMap(m);
  }
}
