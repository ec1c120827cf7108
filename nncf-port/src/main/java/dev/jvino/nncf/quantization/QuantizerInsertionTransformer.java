package dev.jvino.nncf.quantization;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.ShapeInference;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link InsertionCommand}s to a model in place, as NNCF's {@code OVModelTransformer} does:
 *
 * <ul>
 *   <li>an input or weight target gets the quantizer on the edge into that input port, named
 *       {@code {node}/fq_input_{port}} or {@code {node}/fq_weights_{port}} (FakeConvert:
 *       {@code fc_input}/{@code fc_weights}); a weight already read through a quantizer of the same kind
 *       (shared by several ops) reuses it;
 *   <li>an output target gets one quantizer after that output, {@code {node}/fq_output_{port}}
 *       ({@code fc_output}), that every consumer then reads;
 *   <li>the parameters become Constants {@code {name}/input_low}, {@code /input_high},
 *       {@code /output_low}, {@code /output_high} (FakeConvert: {@code /scale}, {@code /shift}) of the
 *       tensor's element type at that point, values clipped to that type's finite range.
 * </ul>
 */
public final class QuantizerInsertionTransformer {
  private QuantizerInsertionTransformer() {}

  /**
   * Inserts every quantizer.
   *
   * @return the inserted quantizer nodes, in command order (a reused shared-weight quantizer once per
   *     command)
   * @throws ValidationException if a command names an unknown node or port
   */
  public static List<Node> apply(Model model, List<? extends InsertionCommand> commands) {
    Map<String, Node> byName = model.byName();
    return commands.stream().map(c -> insert(byName, c)).toList();
  }

  private static Node insert(Map<String, Node> byName, InsertionCommand c) {
    TargetPoint t = c.target();
    Node node = byName.get(t.nodeName());
    if (node == null) {
      throw new ValidationException("cannot insert a quantizer at " + t + ": the model has no node '"
          + t.nodeName() + "'");
    }
    boolean fc = c instanceof InsertionCommand.FakeConvert;
    String kind = fc ? "FakeConvert" : "FakeQuantize";
    String prefix = fc ? "fc_" : "fq_";
    switch (t.type()) {
      case PRE_LAYER_OPERATION, OPERATION_WITH_WEIGHTS -> {
        if (t.port() >= node.inputs().size()) {
          throw new ValidationException("cannot insert a quantizer at " + t + ": " + node + " has "
              + node.inputs().size() + " inputs");
        }
        Input in = node.input(t.port());
        Output source = in.source();
        boolean weights = t.type() == dev.jvino.nncf.statistics.TargetType.OPERATION_WITH_WEIGHTS;
        if (weights) {
          for (Input consumer : source.consumers()) {
            if (consumer.node().is(kind)) {
              in.connect(consumer.node().output());
              return consumer.node();
            }
          }
        }
        String name = t.nodeName() + "/" + prefix + (weights ? "weights_" : "input_") + t.port();
        Node q = create(c, source, in.elementType(), name);
        in.connect(q.output());
        return q;
      }
      case POST_LAYER_OPERATION -> {
        if (t.port() >= node.outputs().size()) {
          throw new ValidationException("cannot insert a quantizer at " + t + ": " + node + " has "
              + node.outputs().size() + " outputs");
        }
        Output out = node.output(t.port());
        Node q = create(c, out, out.elementType(), t.nodeName() + "/" + prefix + "output_" + t.port());
        out.replaceAllUsesWith(q.output());
        return q;
      }
      default -> throw new IllegalStateException("unknown target type " + t.type());
    }
  }

  private static Node create(InsertionCommand c, Output source, ElementType type, String name) {
    Node q = switch (c) {
      case InsertionCommand.FakeQuantize f -> {
        FakeQuantizeParameters p = f.parameters();
        yield Ops.fakeQuantize(source, constant(p.inputLow(), type, name + "/input_low"),
            constant(p.inputHigh(), type, name + "/input_high"), constant(p.outputLow(), type, name + "/output_low"),
            constant(p.outputHigh(), type, name + "/output_high"), p.levels());
      }
      case InsertionCommand.FakeConvert f -> {
        FakeConvertParameters p = f.parameters();
        Node n = Ops.node("FakeConvert", "opset13", List.of(source, constant(p.scale(), type, name + "/scale"),
            constant(p.shift(), type, name + "/shift")));
        n.attributes().set("destination_type", p.destinationType().value());
        ShapeInference.apply(n);
        yield n;
      }
    };
    q.setName(name);
    return q;
  }

  /** A Constant of {@code type} holding {@code value} (clipped to the type's finite range, as NNCF). */
  static Output constant(NdArray value, ElementType type, String name) {
    float[] v = value.toFloatArray();
    if (type == ElementType.F16) {
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.max(-65504f, Math.min(65504f, v[i]));
      }
    } else if (type != ElementType.F32 && type != ElementType.BF16) {
      throw new ValidationException("cannot quantize a tensor of element type " + type + " at " + name
          + ": FakeQuantize needs a floating-point tensor");
    }
    return Ops.constant(name, ConstantData.ofFloats(type, value.shape(), v)).output();
  }
}
