package dev.jvino.engine;

import dev.jvino.engine.ref.IrAttributes;
import dev.jvino.engine.ref.KernelRegistry;
import dev.jvino.engine.ref.OpKernel;
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
 * The reference engine's dispatch from a graph {@link Node} to a kernel. A node's IR version names the
 * opset that introduced its op version ({@code Softmax} in {@code opset1} is Softmax-1, in
 * {@code opset8} Softmax-8; {@code MatMul} in {@code opset1} is MatMul-0), so a node of type T in
 * {@code opsetN} runs T's newest kernel version not above N from {@link KernelRegistry} (the kernels and
 * their IR attribute parsing in {@code dev.jvino.engine.ref}), with the node's attributes.
 *
 * <p>Kernels registered with {@link #register} take precedence; the standard table also has kernels
 * for a few ops the registry lacks (ConvertLike, Floor, Ceiling, Round, Sign, Elu, Selu, SoftPlus, Mish,
 * PRelu, LogSoftmax, Mod, FloorMod, Tile, GroupNormalization, Pad), used
 * only while it lacks them.
 */
public final class KernelTable {
  private final Map<String, Map<String, NodeKernel>> extra = new TreeMap<>();
  private final Map<String, Map<String, NodeKernel>> fallbacks = new TreeMap<>();

  /**
   * The standard table: every kernel of {@link KernelRegistry}, and this package's kernels for ops the
   * registry lacks (see {@code ExtraKernels}).
   */
  public static KernelTable standard() {
    KernelTable t = new KernelTable();
    ExtraKernels.register(t);
    ControlFlow.register(t);
    return t;
  }

  /** Registers a kernel used only when {@link KernelRegistry} has no version of {@code type}. */
  KernelTable fallback(String type, List<String> versions, NodeKernel kernel) {
    Map<String, NodeKernel> byVersion = fallbacks.computeIfAbsent(type.toLowerCase(Locale.ROOT), k -> new TreeMap<>());
    for (String v : versions) {
      byVersion.put(v.toLowerCase(Locale.ROOT), kernel);
    }
    return this;
  }

  /**
   * Registers {@code kernel} for op {@code type} in each of {@code versions} (IR spellings such as
   * {@code opset1}); it replaces the standard kernel for those versions.
   */
  public KernelTable register(String type, List<String> versions, NodeKernel kernel) {
    Map<String, NodeKernel> byVersion = extra.computeIfAbsent(type.toLowerCase(Locale.ROOT), k -> new TreeMap<>());
    for (String v : versions) {
      byVersion.put(v.toLowerCase(Locale.ROOT), kernel);
    }
    return this;
  }

  /**
   * The kernel for {@code node}.
   *
   * @throws UnsupportedOpException naming the op type, IR version and node, and pointing to the OpenVINO
   *     engine, when there is none
   */
  public NodeKernel kernelFor(Node node) {
    Map<String, NodeKernel> own = extra.get(node.type().toLowerCase(Locale.ROOT));
    if (own != null && own.containsKey(node.version().toLowerCase(Locale.ROOT))) {
      return own.get(node.version().toLowerCase(Locale.ROOT));
    }
    String type = registryType(node.type());
    List<Integer> versions = type == null ? null : KernelRegistry.supported().get(type);
    String op = node.type() + "-" + node.version();
    String hint = "; run this model with the OpenVINO engine (-D" + Engines.PROPERTY + "=openvino)";
    Map<String, NodeKernel> fb = fallbacks.get(node.type().toLowerCase(Locale.ROOT));
    if (versions == null && fb != null) {
      NodeKernel k = fb.get(node.version().toLowerCase(Locale.ROOT));
      if (k == null) {
        throw new UnsupportedOpException(op, "node '" + node.name() + "': the reference engine implements "
            + node.type() + " only in " + fb.keySet() + ", not " + node.version() + hint);
      }
      return k;
    }
    if (versions == null) {
      throw new UnsupportedOpException(op, "node '" + node.name() + "': the reference engine has no kernel for "
          + node.type() + hint);
    }
    int opset = opsetNumber(node.version());
    int chosen = -1;
    for (int v : versions) {
      if (v <= opset) {
        chosen = Math.max(chosen, v);
      }
    }
    if (chosen < 0) {
      throw new UnsupportedOpException(op, "node '" + node.name() + "': the reference engine implements "
          + type + " versions " + versions + ", none of them in " + node.version() + hint);
    }
    OpKernel k = KernelRegistry.get(type, chosen);
    String name = type + "-" + chosen;
    return (n, in) -> k.evaluate(in, new IrAttributes(name, n.attributes().asMap()));
  }

  /** {@code opsetN} to N; anything else (extension opsets) to -1. */
  static int opsetNumber(String version) {
    String v = version.strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("opset")) {
      try {
        return Integer.parseInt(v.substring(5));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  /** The registry's spelling of {@code type} (OpenVINO's lookup is case-insensitive). */
  private static String registryType(String type) {
    Set<String> known = KernelRegistry.supported().keySet();
    if (known.contains(type)) {
      return type;
    }
    return known.stream().filter(k -> k.equalsIgnoreCase(type)).findFirst().orElse(null);
  }

  /**
   * Every dispatched op: the kernel registry's {@code Type -> [op versions]} (e.g. {@code v1}, {@code v8})
   * and this table's additions ({@code Type -> [IR opsets]}), sorted.
   */
  public Map<String, Set<String>> supportedOps() {
    Map<String, Set<String>> m = new TreeMap<>();
    KernelRegistry.supported().forEach((t, vs) -> {
      Set<String> s = new TreeSet<>();
      vs.forEach(v -> s.add("v" + v));
      m.put(t, s);
    });
    fallbacks.forEach((t, v) -> {
      if (registryType(t) == null) {
        m.computeIfAbsent(t, k -> new TreeSet<>()).addAll(v.keySet());
      }
    });
    extra.forEach((t, v) -> m.computeIfAbsent(t, k -> new TreeSet<>()).addAll(v.keySet()));
    Map<String, Set<String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(v)));
    return Collections.unmodifiableMap(out);
  }
}
