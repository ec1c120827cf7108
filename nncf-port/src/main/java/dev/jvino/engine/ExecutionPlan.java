package dev.jvino.engine;

import dev.jvino.engine.ref.Convert;
import dev.jvino.engine.ref.OpException;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model compiled by the {@link ReferenceEngine}: every tensor of the graph has a slot; constant
 * subgraphs are folded into fixed slot values; the remaining nodes run in topological order, and each
 * slot is released after the last node reading it.
 */
final class ExecutionPlan implements CompiledModel {
  enum Kind { PARAMETER, RESULT, READ_VALUE, ASSIGN, KERNEL }

  private final Model model;
  private final List<Node> steps = new ArrayList<>();
  private final List<Kind> kinds = new ArrayList<>();
  private final List<NodeKernel> kernels = new ArrayList<>();
  private final List<int[]> inputSlots = new ArrayList<>();
  private final List<int[]> outputSlots = new ArrayList<>();
  private final List<int[]> releases = new ArrayList<>();
  private final NdArray[] folded;
  private final int slotCount;
  private final Output[] slotOutputs;
  private final Map<Node, Integer> parameterIndex = new IdentityHashMap<>();
  private final Map<Node, Integer> resultIndex = new IdentityHashMap<>();

  private final boolean javaProducts;

  boolean javaProducts() {
    return javaProducts;
  }

  ExecutionPlan(Model model, KernelTable registry) {
    this(model, registry, false);
  }

  /** With {@code javaProducts}, sessions run every matrix product in Java (see ReferenceEngine#reproducible). */
  ExecutionPlan(Model model, KernelTable registry, boolean javaProducts) {
    this.javaProducts = javaProducts;
    this.model = model;
    List<Node> ops = model.ops();
    Map<Output, Integer> slots = new IdentityHashMap<>();
    for (Node n : ops) {
      for (Output o : n.outputs()) {
        slots.put(o, slots.size());
      }
    }
    slotCount = slots.size();
    slotOutputs = new Output[slotCount];
    slots.forEach((o, s) -> slotOutputs[s] = o);
    folded = new NdArray[slotCount];
    for (int i = 0; i < model.parameters().size(); i++) {
      parameterIndex.put(model.parameters().get(i), i);
    }
    for (int i = 0; i < model.results().size(); i++) {
      resultIndex.put(model.results().get(i), i);
    }

    // 0. every op must have a kernel: fail before decoding any weight
    Map<Node, NodeKernel> kernelOf = new IdentityHashMap<>();
    for (Node n : ops) {
      if (kindOf(n) == Kind.KERNEL && !n.is("Constant")) {
        kernelOf.put(n, ControlFlow.bind(registry.kernelFor(n), n));
      }
    }
    // 1. which nodes depend on constants only
    Map<Node, Boolean> isFolded = new IdentityHashMap<>();
    for (Node n : ops) {
      boolean f = n.is("Constant") || (!n.inputs().isEmpty() && kindOf(n) == Kind.KERNEL
          && n.inputs().stream().allMatch(in -> isFolded.getOrDefault(in.source().node(), false)));
      isFolded.put(n, f);
    }
    // 2. fold them, releasing intermediate folded values after their last folded reader
    Map<Integer, Integer> pendingFoldReaders = new HashMap<>();
    for (Node n : ops) {
      if (isFolded.get(n)) {
        for (Input in : n.inputs()) {
          pendingFoldReaders.merge(slots.get(in.source()), 1, Integer::sum);
        }
      }
    }
    Map<Integer, ConstantData> packed = new HashMap<>();
    boolean[] keep = new boolean[slotCount];
    for (Node n : ops) {
      if (!isFolded.get(n)) {
        for (Input in : n.inputs()) {
          keep[slots.get(in.source())] = true;
        }
      }
    }
    for (Node n : ops) {
      if (!isFolded.get(n)) {
        continue;
      }
      int out0 = slots.get(n.output(0));
      if (n.is("Constant")) {
        ConstantData data = n.constantData();
        if (Storage.supports(data.elementType())) {
          folded[out0] = decode(data);
        } else {
          packed.put(out0, data);
          if (keep[out0]) {
            String why = data.elementType() == ElementType.STRING
                ? "string values, which the reference engine has no tensors for"
                : data.elementType() + " values, which the reference engine can only read through a Convert";
            throw new UnsupportedOpException("Constant-" + n.version(), "node '" + n.name() + "' holds " + why
                + "; run this model with the OpenVINO engine (-D" + Engines.PROPERTY + "=openvino)");
          }
        }
        continue;
      }
      List<NdArray> in = new ArrayList<>();
      for (int j = 0; j < n.inputs().size(); j++) {
        int s = slots.get(n.input(j).source());
        ConstantData p = packed.get(s);
        if (p != null) {
          if (!n.is("Convert")) {
            throw new UnsupportedOpException(n.type() + "-" + n.version(), "node '" + n.name() + "' reads "
                + p.elementType() + " constant input " + j + "; the reference engine reads " + p.elementType()
                + " only through Convert; run this model with the OpenVINO engine (-D" + Engines.PROPERTY
                + "=openvino)");
          }
          in.add(decodePacked(p));
        } else {
          in.add(folded[s]);
        }
      }
      List<NdArray> out = runKernel(kernelOf.get(n), n, in);
      for (int k = 0; k < n.outputs().size(); k++) {
        folded[slots.get(n.output(k))] = out.get(k);
      }
      for (Input i : n.inputs()) {
        int s = slots.get(i.source());
        if (pendingFoldReaders.merge(s, -1, Integer::sum) == 0 && !keep[s]) {
          folded[s] = null;
          packed.remove(s);
        }
      }
    }
    // 3. the runtime steps
    int[] lastUse = new int[slotCount];
    Arrays.fill(lastUse, -1);
    for (Node n : ops) {
      if (isFolded.get(n)) {
        continue;
      }
      int step = steps.size();
      Kind kind = kindOf(n);
      steps.add(n);
      kinds.add(kind);
      kernels.add(kernelOf.get(n));
      int[] ins = n.inputs().stream().mapToInt(in -> slots.get(in.source())).toArray();
      int[] outs = n.outputs().stream().mapToInt(slots::get).toArray();
      inputSlots.add(ins);
      outputSlots.add(outs);
      for (int s : ins) {
        if (folded[s] == null) {
          lastUse[s] = step;
        }
      }
      for (int s : outs) {
        lastUse[s] = Math.max(lastUse[s], step); // unread outputs are dropped right away
      }
    }
    List<List<Integer>> rel = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      rel.add(new ArrayList<>());
    }
    for (int s = 0; s < slotCount; s++) {
      if (lastUse[s] >= 0 && folded[s] == null) {
        rel.get(lastUse[s]).add(s);
      }
    }
    for (List<Integer> r : rel) {
      releases.add(r.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  static Kind kindOf(Node n) {
    return switch (n.type().toLowerCase(Locale.ROOT)) {
      case "parameter" -> Kind.PARAMETER;
      case "result" -> Kind.RESULT;
      case "readvalue" -> Kind.READ_VALUE;
      case "assign" -> Kind.ASSIGN;
      default -> Kind.KERNEL;
    };
  }

  static List<NdArray> runKernel(NodeKernel k, Node n, List<NdArray> in) {
    try {
      List<NdArray> out = k.run(n, in);
      if (out.size() < n.outputs().size()) {
        throw new IllegalStateException(n + ": kernel returned " + out.size() + " values for "
            + n.outputs().size() + " outputs");
      }
      return out;
    } catch (UnsupportedOpException e) {
      throw e;
    } catch (OpException | IllegalArgumentException
        | dev.jvino.engine.tensor.UnsupportedElementTypeException e) {
      throw new NodeExecutionException(n, e);
    }
  }

  /** A Constant's value as an NdArray of its own element type. */
  static NdArray decode(ConstantData d) {
    long[] shape = d.shape();
    ElementType t = d.elementType();
    return switch (Storage.of(t)) {
      case FLOAT -> NdArray.ofFloats(t, shape, d.toFloatArray());
      case DOUBLE -> NdArray.ofDoubles(shape, d.toDoubleArray());
      case LONG -> NdArray.ofLongs(t, shape, d.toLongArray());
      case BOOL -> {
        long[] l = d.toLongArray();
        boolean[] b = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
          b[i] = l[i] != 0;
        }
        yield NdArray.ofBooleans(shape, b);
      }
    };
  }

  /**
   * nf4, f8e4m3, f8e5m2, f8e8m0 and f4e2m1 values decoded to f32 (every such value is exact in f32, so
   * a Convert from this array gives what a Convert from the packed type gives).
   */
  static NdArray decodePacked(ConstantData d) {
    return NdArray.ofFloats(ElementType.F32, d.shape(), d.toFloatArray());
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public InferSession createSession() {
    return new ReferenceSession(this);
  }

  // ---- accessors for ReferenceSession
  int stepCount() {
    return steps.size();
  }

  Node step(int i) {
    return steps.get(i);
  }

  Kind kind(int i) {
    return kinds.get(i);
  }

  NodeKernel kernel(int i) {
    return kernels.get(i);
  }

  int[] inputs(int i) {
    return inputSlots.get(i);
  }

  int[] outputs(int i) {
    return outputSlots.get(i);
  }

  int[] releases(int i) {
    return releases.get(i);
  }

  NdArray[] newSlots() {
    return folded.clone();
  }

  int parameterIndex(Node p) {
    return parameterIndex.get(p);
  }

  int resultIndex(Node r) {
    return resultIndex.get(r);
  }

  /** The tensors (as {@link Output#displayName()}) freed right after node {@code nodeName} ran (for tests). */
  List<String> releasedAfter(String nodeName) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(nodeName)) {
        return Arrays.stream(releases.get(i)).mapToObj(s -> slotOutputs[s].displayName()).toList();
      }
    }
    throw new IllegalArgumentException("no runtime step named " + nodeName);
  }

  /** Number of tensors the plan folded into constants (for tests). */
  int foldedCount() {
    return (int) Arrays.stream(folded).filter(java.util.Objects::nonNull).count();
  }
}
