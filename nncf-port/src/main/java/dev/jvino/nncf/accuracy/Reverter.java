package dev.jvino.nncf.accuracy;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.ir.Node;
import dev.jvino.nncf.NncfException;
import dev.jvino.nncf.RestoreMode;
import dev.jvino.nncf.quantization.bias.BiasLayer;
import dev.jvino.nncf.quantization.placement.Metatype;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code revert_operations_to_floating_point_precision}: returns a copy of a quantized model in which
 * a group's quantizers are removed (bypassed) and its ops get back the float model's biases (undoing bias
 * correction) and weights (undoing SmoothQuant). With {@link RestoreMode#ONLY_ACTIVATIONS} the weight
 * quantizers of the group's ops, and their weights, stay.
 */
final class Reverter {
  private final Model initial;
  private final RestoreMode mode;

  Reverter(Model initial, RestoreMode mode) {
    this.initial = initial;
    this.mode = mode;
  }

  /** A copy of {@code model} with {@code group} reverted. */
  Model revert(Model model, QuantizerGroups.Group group) {
    Model out = Models.copy(model);
    Map<String, Node> byName = out.byName();
    Map<String, Node> initialByName = initial.byName();
    Set<String> keepQuantizers = new HashSet<>();
    Set<String> keepWeights = new HashSet<>();
    if (mode == RestoreMode.ONLY_ACTIVATIONS) {
      for (String op : group.operations()) {
        Node n = byName.get(op);
        if (n != null && Metatype.WITH_WEIGHTS.contains(Metatype.of(n))) {
          for (int port : weightPorts(n).keySet()) {
            Node feeding = n.inputNode(port);
            if (QuantizerGroups.isQuantizer(feeding)) {
              keepQuantizers.add(feeding.name());
              keepWeights.add(op);
            }
          }
        }
      }
    }
    for (String q : group.quantizers()) {
      if (keepQuantizers.contains(q)) {
        continue;
      }
      Node fq = byName.get(q);
      if (fq == null) {
        throw new NncfException("quantizer '" + q + "' is not in model '" + model.name() + "'");
      }
      out.bypass(fq);
    }
    for (String op : group.operations()) {
      Node n = byName.get(op);
      Node ref = initialByName.get(op);
      if (n == null || ref == null) {
        continue;
      }
      Optional<BiasLayer> bias = BiasLayer.of(n);
      Optional<BiasLayer> refBias = BiasLayer.of(ref);
      if (bias.isPresent() && refBias.isPresent()) {
        restore(out, bias.get().biasConstant(), refBias.get().biasConstant());
      }
      if (keepWeights.contains(op) || !Metatype.WITH_WEIGHTS.contains(Metatype.of(n))) {
        continue;
      }
      Map<Integer, Node> refWeights = weightPorts(ref);
      weightPorts(n).forEach((port, constant) -> {
        Node original = refWeights.get(port);
        if (original != null) {
          restore(out, constant, original);
        }
      });
    }
    return out;
  }

  private static void restore(Model out, Node constant, Node original) {
    ConstantData want = original.constantData();
    ConstantData have = constant.constantData();
    if (want != have && want.elementType() == have.elementType()
        && java.util.Arrays.equals(want.shape(), have.shape())) {
      out.setConstant(constant, want);
    }
  }

  /** The constant weight inputs of {@code n} by port, found through quantizers and Converts. */
  static Map<Integer, Node> weightPorts(Node n) {
    Map<Integer, Node> out = new LinkedHashMap<>();
    for (int port = 0; port < n.inputs().size(); port++) {
      @Nullable Node c = constantBehind(n.inputNode(port));
      if (c != null) {
        out.put(port, c);
      }
    }
    return out;
  }

  private static @Nullable Node constantBehind(Node n) {
    Node cur = n;
    while (QuantizerGroups.isQuantizer(cur) || cur.is("Convert")) {
      cur = cur.inputNode(0);
    }
    return cur.is("Constant") ? cur : null;
  }
}
