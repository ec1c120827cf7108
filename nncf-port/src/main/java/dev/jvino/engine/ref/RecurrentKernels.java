package dev.jvino.engine.ref;

import dev.jvino.engine.ref.Recurrent.Activation;
import dev.jvino.engine.ref.Recurrent.CellAttrs;
import dev.jvino.engine.ref.Recurrent.CellType;
import dev.jvino.engine.ref.Recurrent.Direction;
import dev.jvino.engine.ref.Recurrent.Weights;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Registers the recurrent kernels (RNNCell-0, GRUCell-3, LSTMCell-0, LSTMCell-4, RNNSequence-5,
 * GRUSequence-5, LSTMSequence-0, LSTMSequence-5) and turns their IR attributes and inputs into
 * {@link Recurrent} calls, validating every shape against {@code hidden_size} and the direction count.
 *
 * <p>Attributes: {@code hidden_size} (required, positive, must match the state inputs),
 * {@code activations} (sigmoid/tanh/relu; exactly 1, 2 or 3 for RNN, GRU, LSTM), {@code clip} (applied
 * when positive), {@code direction} (sequences), {@code linear_before_reset} (GRU),
 * {@code input_forget} and {@code weights_format} (LSTM-0; only {@code fico}, the only layout OpenVINO's
 * reference evaluates, other layouts raise {@link OpAttributeException}). {@code activations_alpha} and
 * {@code activations_beta} must parse as float lists; none of the three accepted functions has a
 * parameter, so, as in OpenVINO, they do not change the result.
 *
 * <p>Optional inputs: the cells' {@code B} (zeros when absent) and LSTM-0's peepholes {@code P} (zeros
 * when absent). Float inputs must all have the element type of X (f32, f16, bf16 or f64); sequence
 * lengths are an integer tensor {@code [batch]} of non-negative values. A length above the sequence's
 * {@code seq_length} counts as {@code seq_length}: every step runs and the final state is the state after
 * the last step (NNCF's GRUSequenceModel feeds length 3 to a 2-step sequence; OpenVINO's reference
 * returns a zero final state for such a row, its output Y is the same).
 */
final class RecurrentKernels {
  private RecurrentKernels() {}

  /** Adds the recurrent kernels through {@code reg}. */
  static void register(Registrar reg) {
    reg.add("RNNCell", (in, a) -> cell(CellType.RNN, in, a, false), 0);
    reg.add("GRUCell", (in, a) -> cell(CellType.GRU, in, a, false), 3);
    reg.add("LSTMCell", (in, a) -> cell(CellType.LSTM, in, a, true), 0);
    reg.add("LSTMCell", (in, a) -> cell(CellType.LSTM, in, a, false), 4);
    reg.add("RNNSequence", (in, a) -> sequence(CellType.RNN, in, a, false), 5);
    reg.add("GRUSequence", (in, a) -> sequence(CellType.GRU, in, a, false), 5);
    reg.add("LSTMSequence", (in, a) -> sequence(CellType.LSTM, in, a, true), 0);
    reg.add("LSTMSequence", (in, a) -> sequence(CellType.LSTM, in, a, false), 5);
  }

  /** How this class adds a kernel to the registry. */
  @FunctionalInterface
  interface Registrar {
    void add(String type, OpKernel kernel, int version);
  }

  // ------------------------------------------------------------------ attributes

  static CellAttrs attrs(CellType type, IrAttributes a, boolean v0Lstm) {
    long hidden = a.longValue("hidden_size");
    if (hidden <= 0 || hidden > Integer.MAX_VALUE) {
      throw new OpAttributeException(a.op(), "hidden_size", hidden, "must be positive");
    }
    List<Activation> acts = type.defaultActivations();
    if (a.has("activations")) {
      String text = a.string("activations");
      List<Activation> parsed = new ArrayList<>();
      for (String s : text.isEmpty() ? new String[0] : text.split(",")) {
        parsed.add(Activation.parse(a.op(), s));
      }
      if (parsed.size() != type.activationCount()) {
        throw new OpAttributeException(a.op(), "activations", text,
            type + " takes exactly " + type.activationCount() + " activation functions");
      }
      acts = parsed;
    }
    floats(a, "activations_alpha");
    floats(a, "activations_beta");
    double clip = a.doubleValue("clip", 0.0);
    if (Double.isNaN(clip)) {
      throw new OpAttributeException(a.op(), "clip", clip, "not a number");
    }
    boolean lbr = false;
    if (type == CellType.GRU) {
      lbr = a.bool("linear_before_reset", false);
    } else if (a.has("linear_before_reset")) {
      throw new OpAttributeException(a.op(), "linear_before_reset", a.string("linear_before_reset"),
          "only GRU operations have this attribute");
    }
    boolean inputForget = false;
    if (v0Lstm) {
      inputForget = a.bool("input_forget", false);
      String format = a.string("weights_format", "fico");
      if (!format.toLowerCase(Locale.ROOT).equals("fico")) {
        throw new OpAttributeException(a.op(), "weights_format", format,
            "only fico (gate blocks f, i, c, o) is supported, as in OpenVINO's reference");
      }
    }
    return new CellAttrs(type, (int) hidden, acts, clip, lbr, inputForget);
  }

  private static double[] floats(IrAttributes a, String name) {
    if (!a.has(name) || a.string(name).isEmpty()) {
      return new double[0];
    }
    String v = a.string(name);
    try {
      return Arrays.stream(v.split(",")).map(String::strip).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new OpAttributeException(a.op(), name, v, "not a comma-separated float list");
    }
  }

  // ------------------------------------------------------------------ cells

  private static List<NdArray> cell(CellType type, List<NdArray> in, IrAttributes a, boolean v0Lstm) {
    CellAttrs attrs = attrs(type, a, v0Lstm);
    String op = a.op();
    int hs = attrs.hiddenSize();
    boolean lstm = type == CellType.LSTM;
    NdArray x = KernelRegistry.in(in, 0, a);
    requireFloat(op, 0, x);
    if (x.rank() != 2) {
      throw new OpInputException(op, 0, "X must be [batch, input_size], got " + Shapes.str(x.shape()));
    }
    long batch = x.dim(0);
    long input = x.dim(1);
    int wIdx = lstm ? 3 : 2;
    NdArray h = typed(op, 1, KernelRegistry.in(in, 1, a), x);
    requireShape(op, 1, "H", h, batch, hs);
    NdArray c = null;
    if (lstm) {
      c = typed(op, 2, KernelRegistry.in(in, 2, a), x);
      requireShape(op, 2, "C", c, batch, hs);
    }
    int gates = type.gates();
    NdArray w = typed(op, wIdx, KernelRegistry.in(in, wIdx, a), x);
    requireShape(op, wIdx, "W", w, (long) gates * hs, input);
    NdArray r = typed(op, wIdx + 1, KernelRegistry.in(in, wIdx + 1, a), x);
    requireShape(op, wIdx + 1, "R", r, (long) gates * hs, hs);
    NdArray b = KernelRegistry.opt(in, wIdx + 2);
    double[] bias = new double[attrs.biasLength()];
    if (b != null) {
      requireShape(op, wIdx + 2, "B", typed(op, wIdx + 2, b, x), attrs.biasLength());
      bias = b.toDoubleArray();
    }
    double[] peep = null;
    if (v0Lstm) {
      NdArray p = KernelRegistry.opt(in, wIdx + 3);
      peep = new double[3 * hs];
      if (p != null) {
        requireShape(op, wIdx + 3, "P", typed(op, wIdx + 3, p, x), 3L * hs);
        peep = p.toDoubleArray();
      }
    }
    Weights wt = new Weights(w.toDoubleArray(), 0, r.toDoubleArray(), 0, bias, 0, peep, 0);
    return Recurrent.cell(attrs, x, h, c, wt);
  }

  // ------------------------------------------------------------------ sequences

  private static List<NdArray> sequence(CellType type, List<NdArray> in, IrAttributes a, boolean v0Lstm) {
    CellAttrs attrs = attrs(type, a, v0Lstm);
    Direction dir = Direction.parse(a.op(), a.string("direction"));
    String op = a.op();
    int hs = attrs.hiddenSize();
    int dirs = dir.count();
    boolean lstm = type == CellType.LSTM;
    NdArray x = KernelRegistry.in(in, 0, a);
    requireFloat(op, 0, x);
    if (x.rank() != 3) {
      throw new OpInputException(op, 0, "X must be [batch, seq_length, input_size], got " + Shapes.str(x.shape()));
    }
    long batch = x.dim(0);
    long steps = x.dim(1);
    long input = x.dim(2);
    NdArray h = typed(op, 1, KernelRegistry.in(in, 1, a), x);
    requireShape(op, 1, "initial_hidden_state", h, batch, dirs, hs);
    NdArray c = null;
    if (lstm) {
      c = typed(op, 2, KernelRegistry.in(in, 2, a), x);
      requireShape(op, 2, "initial_cell_state", c, batch, dirs, hs);
    }
    int seqIdx = lstm ? 3 : 2;
    long[] lengths = lengths(op, seqIdx, KernelRegistry.in(in, seqIdx, a), batch, steps);
    int gates = type.gates();
    NdArray w = typed(op, seqIdx + 1, KernelRegistry.in(in, seqIdx + 1, a), x);
    requireShape(op, seqIdx + 1, "W", w, dirs, (long) gates * hs, input);
    NdArray r = typed(op, seqIdx + 2, KernelRegistry.in(in, seqIdx + 2, a), x);
    requireShape(op, seqIdx + 2, "R", r, dirs, (long) gates * hs, hs);
    NdArray b = typed(op, seqIdx + 3, KernelRegistry.in(in, seqIdx + 3, a), x);
    requireShape(op, seqIdx + 3, "B", b, dirs, attrs.biasLength());
    double[] peep = null;
    if (v0Lstm) {
      NdArray p = KernelRegistry.opt(in, seqIdx + 4);
      peep = new double[dirs * 3 * hs];
      if (p != null) {
        requireShape(op, seqIdx + 4, "P", typed(op, seqIdx + 4, p, x), dirs, 3L * hs);
        peep = p.toDoubleArray();
      }
    }
    double[] ws = w.toDoubleArray();
    double[] rs = r.toDoubleArray();
    double[] bs = b.toDoubleArray();
    List<Weights> perDir = new ArrayList<>();
    for (int d = 0; d < dirs; d++) {
      perDir.add(new Weights(ws, (int) (d * gates * hs * input), rs, d * gates * hs * hs, bs,
          d * attrs.biasLength(), peep, d * 3 * hs));
    }
    return Recurrent.sequence(attrs, dir, x, h, c, lengths, perDir);
  }

  private static long[] lengths(String op, int idx, NdArray seq, long batch, long steps) {
    if (seq.storage() != Storage.LONG) {
      throw new OpInputException(op, idx, "sequence_lengths must be an integer tensor, got " + seq.type());
    }
    requireShape(op, idx, "sequence_lengths", seq, batch);
    long[] v = seq.toLongArray();
    for (int n = 0; n < v.length; n++) {
      if (v[n] < 0) {
        throw new OpInputException(op, idx, "sequence_lengths[" + n + "] = " + v[n] + " is negative");
      }
      v[n] = Math.min(v[n], steps);
    }
    return v;
  }

  // ------------------------------------------------------------------ checks

  private static void requireFloat(String op, int idx, NdArray x) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "element type " + x.type() + " of input " + idx
          + " is not supported (f32, f16, bf16 or f64)");
    }
  }

  private static NdArray typed(String op, int idx, NdArray v, NdArray x) {
    if (v.type() != x.type()) {
      throw new OpInputException(op, idx, "element type " + v.type() + " differs from X's " + x.type());
    }
    return v;
  }

  private static void requireShape(String op, int idx, String name, NdArray v, long... expected) {
    if (!Arrays.equals(v.shape(), expected)) {
      throw new OpInputException(op, idx, name + " must be " + Shapes.str(expected) + ", got "
          + Shapes.str(v.shape()));
    }
  }
}
