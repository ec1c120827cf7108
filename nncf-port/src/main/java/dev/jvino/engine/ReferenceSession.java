package dev.jvino.engine;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.ir.Attributes;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An {@link InferSession} of the {@link ReferenceEngine}: runs an {@link ExecutionPlan} and keeps variables. */
final class ReferenceSession implements InferSession {
  private final ExecutionPlan plan;
  private final Map<String, NdArray> variables = new LinkedHashMap<>();
  private @Nullable NodeTimings timings;

  ReferenceSession(ExecutionPlan plan) {
    this.plan = plan;
  }

  /** Reports each executed node's wall time to {@code t} from now on ({@code null}: stop timing). */
  void timings(@Nullable NodeTimings t) {
    this.timings = t;
  }

  @Override
  public InferResult infer(Map<String, NdArray> inputs) {
    Model m = plan.model();
    List<NdArray> ordered = new ArrayList<>();
    int used = 0;
    for (Node p : m.parameters()) {
      NdArray v = inputs.get(p.name());
      for (String name : p.output().names()) {
        if (v == null) {
          v = inputs.get(name);
        }
      }
      if (v == null) {
        throw new EngineInputException("model '" + m.name() + "': no value for input '" + p.output().displayName()
            + "' (given: " + inputs.keySet() + ")");
      }
      ordered.add(v);
      used++;
    }
    if (used != inputs.size()) {
      List<String> unknown = new ArrayList<>();
      for (String k : inputs.keySet()) {
        boolean known = m.parameters().stream().anyMatch(p -> p.name().equals(k) || p.output().names().contains(k));
        if (!known) {
          unknown.add(k);
        }
      }
      if (!unknown.isEmpty()) {
        throw new EngineInputException("model '" + m.name() + "' has no inputs named " + unknown);
      }
    }
    return infer(ordered);
  }

  @Override
  public InferResult infer(List<NdArray> inputs) {
    if (plan.javaProducts()) {
      return dev.jvino.engine.ref.Gemm.withJavaProducts(() -> run(inputs));
    }
    return run(inputs);
  }

  private InferResult run(List<NdArray> inputs) {
    Model m = plan.model();
    if (inputs.size() != m.parameters().size()) {
      throw new EngineInputException("model '" + m.name() + "' has " + m.parameters().size() + " inputs, got "
          + inputs.size() + " values");
    }
    for (int i = 0; i < inputs.size(); i++) {
      check(m.parameters().get(i), inputs.get(i));
    }
    NdArray[] slots = plan.newSlots();
    NdArray[] results = new NdArray[m.results().size()];
    Map<String, NdArray> assigned = new HashMap<>();
    NodeTimings t = timings;
    for (int step = 0; step < plan.stepCount(); step++) {
      Node n = plan.step(step);
      long start = t == null ? 0 : System.nanoTime();
      int[] ins = plan.inputs(step);
      int[] outs = plan.outputs(step);
      switch (plan.kind(step)) {
        case PARAMETER -> slots[outs[0]] = inputs.get(plan.parameterIndex(n));
        case RESULT -> results[plan.resultIndex(n)] = slots[ins[0]];
        case READ_VALUE -> slots[outs[0]] = readValue(n, ins.length > 0 ? slots[ins[0]] : null);
        case ASSIGN -> {
          NdArray v = slots[ins[0]];
          assigned.put(variableId(n), v);
          if (outs.length > 0) {
            slots[outs[0]] = v;
          }
        }
        case KERNEL -> {
          List<NdArray> in = new ArrayList<>(ins.length);
          for (int s : ins) {
            in.add(slots[s]);
          }
          List<NdArray> out = ExecutionPlan.runKernel(plan.kernel(step), n, in);
          for (int k = 0; k < outs.length; k++) {
            slots[outs[k]] = out.get(k);
          }
        }
      }
      if (t != null) {
        t.record(n, System.nanoTime() - start);
      }
      for (int s : plan.releases(step)) {
        slots[s] = null;
      }
    }
    variables.putAll(assigned);
    return new InferResult(m.results(), Arrays.asList(results));
  }

  private NdArray readValue(Node n, NdArray init) {
    NdArray v = variables.get(variableId(n));
    if (v != null) {
      return v;
    }
    if (init != null) {
      return init;
    }
    Attributes a = n.attributes();
    PartialShape shape = a.shape("variable_shape");
    if (!shape.isStatic()) {
      throw new EngineInputException(n + ": variable '" + variableId(n) + "' has no initial value and a dynamic"
          + " shape " + shape + "; it needs an init input");
    }
    ElementType t = a.elementType("variable_type");
    return NdArray.zeros(t, shape.toLongArray());
  }

  private static String variableId(Node n) {
    return n.attributes().string("variable_id");
  }

  private void check(Node p, NdArray v) {
    ElementType want = p.output().elementType();
    if (want != ElementType.DYNAMIC && want != v.type()) {
      throw new EngineInputException("input '" + p.output().displayName() + "' of model '" + plan.model().name()
          + "' is " + want + ", got " + v.type());
    }
    PartialShape ps = p.output().shape();
    if (!ps.isRankStatic()) {
      return;
    }
    boolean ok = ps.rank() == v.rank();
    for (int d = 0; ok && d < v.rank(); d++) {
      Dimension dim = ps.get(d);
      ok = dim.accepts(v.dim(d));
    }
    if (!ok) {
      throw new EngineInputException("input '" + p.output().displayName() + "' of model '" + plan.model().name()
          + "' has shape " + ps + ", got " + Shapes.str(v.shape()));
    }
  }

  @Override
  public void resetState() {
    variables.clear();
  }

  @Override
  public Map<String, NdArray> state() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }
}
