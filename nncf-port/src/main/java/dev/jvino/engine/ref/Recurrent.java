package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.List;
import java.util.Locale;

/**
 * The recurrences of OpenVINO's RNN, GRU and LSTM cells and sequences (RNNCell-0, GRUCell-3,
 * LSTMCell-0/4, RNNSequence-5, GRUSequence-5, LSTMSequence-0/5), on arrays already validated by
 * {@link RecurrentKernels}.
 *
 * <p>Layouts are OpenVINO's: a cell takes {@code X [batch, input]} and states {@code [batch, hidden]}
 * with {@code W [gates*hidden, input]}, {@code R [gates*hidden, hidden]}, {@code B [gates*hidden]}; a
 * sequence takes {@code X [batch, steps, input]}, states {@code [batch, dirs, hidden]}, weights with a
 * leading {@code dirs} axis and returns {@code Y [batch, dirs, steps, hidden]} plus the final states
 * {@code [batch, dirs, hidden]}. Gate blocks are stacked in OpenVINO's order: LSTM f, i, c, o; GRU
 * z, r, h (with a fourth bias block, the recurrent bias of h, when {@code linear_before_reset}); the
 * LSTM-0 peepholes are stacked f, i, o.
 *
 * <p>Sequence lengths: batch row n runs only its first {@code len[n]} steps (in reverse order for the
 * reverse direction, starting from step {@code len[n]-1}); outputs of steps at or beyond the length
 * are zero and the final states are those after the last valid step (zero when the length is 0 and
 * the sequence is not empty, as OpenVINO's reference does).
 *
 * <p>Precision: every gate pre-activation (the dot products, biases and peephole terms), the clip, the
 * activations and the state updates are evaluated in double; the new hidden and cell states are rounded
 * to the element type once per step, and those rounded values are both written to the outputs and fed to
 * the next step (an f32 sequence therefore matches a float64 recurrence up to one f32 rounding per step
 * and state).
 */
public final class Recurrent {
  private Recurrent() {}

  /** The cell families with their number of gate blocks in W and R. */
  public enum CellType {
    RNN(1), GRU(3), LSTM(4);

    private final int gates;

    CellType(int gates) {
      this.gates = gates;
    }

    /** Gate blocks stacked in W and R. */
    public int gates() {
      return gates;
    }

    /** How many activation functions the cell uses (f; f, g; f, g, h). */
    public int activationCount() {
      return switch (this) {
        case RNN -> 1;
        case GRU -> 2;
        case LSTM -> 3;
      };
    }

    /** OpenVINO's default {@code activations}. */
    public List<Activation> defaultActivations() {
      return switch (this) {
        case RNN -> List.of(Activation.TANH);
        case GRU -> List.of(Activation.SIGMOID, Activation.TANH);
        case LSTM -> List.of(Activation.SIGMOID, Activation.TANH, Activation.TANH);
      };
    }
  }

  /** The activation functions OpenVINO's recurrent ops accept. */
  public enum Activation {
    SIGMOID, TANH, RELU;

    /** Parses an IR activation name (any case); anything else is an {@link OpAttributeException}. */
    public static Activation parse(String op, String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "sigmoid" -> SIGMOID;
        case "tanh" -> TANH;
        case "relu" -> RELU;
        default -> throw new OpAttributeException(op, "activations", name, "expected sigmoid, tanh or relu");
      };
    }

    double apply(double v) {
      return switch (this) {
        case SIGMOID -> 1.0 / (1.0 + Math.exp(-v));
        case TANH -> Math.tanh(v);
        case RELU -> v > 0 ? v : 0.0;
      };
    }

    /** The IR spelling. */
    public String irName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A sequence's {@code direction}. */
  public enum Direction {
    FORWARD, REVERSE, BIDIRECTIONAL;

    /** Parses {@code forward}, {@code reverse} or {@code bidirectional} (any case). */
    public static Direction parse(String op, String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "forward" -> FORWARD;
        case "reverse" -> REVERSE;
        case "bidirectional" -> BIDIRECTIONAL;
        default -> throw new OpAttributeException(op, "direction", text, "expected forward, reverse or bidirectional");
      };
    }

    /** 2 for bidirectional, else 1. */
    public int count() {
      return this == BIDIRECTIONAL ? 2 : 1;
    }
  }

  /**
   * What a cell computes, independent of shapes.
   *
   * @param activations f (RNN); f, g (GRU); f, g, h (LSTM)
   * @param clip gate pre-activations are clamped to {@code [-clip, clip]} when {@code clip > 0}
   * @param linearBeforeReset GRU only: apply the reset gate after the recurrent product
   * @param inputForget LSTM-0 only: couple the input gate to the forget gate ({@code i = 1 - f})
   */
  public record CellAttrs(CellType type, int hiddenSize, List<Activation> activations, double clip,
      boolean linearBeforeReset, boolean inputForget) {
    public CellAttrs {
      activations = List.copyOf(activations);
      if (activations.size() != type.activationCount()) {
        throw new IllegalArgumentException(type + " needs " + type.activationCount() + " activations");
      }
      if (hiddenSize <= 0) {
        throw new IllegalArgumentException("hidden size must be positive: " + hiddenSize);
      }
    }

    /** Bias elements per direction. */
    int biasLength() {
      return (type == CellType.GRU && linearBeforeReset ? 4 : type.gates()) * hiddenSize;
    }

    private double clip(double v) {
      return clip > 0 ? Math.max(-clip, Math.min(clip, v)) : v;
    }
  }

  /** The weights of one direction: flat row-major arrays and where this direction starts in them. */
  record Weights(double[] w, int wOff, double[] r, int rOff, double[] b, int bOff, double[] p, int pOff) {}

  /**
   * One cell step for one batch row: reads {@code x[xOff..xOff+input)}, the previous states
   * {@code h[hOff..]} and {@code c[cOff..]} (LSTM only), writes the new states into {@code hOut[0..hidden)}
   * and {@code cOut[0..hidden)} rounded to {@code type}.
   */
  static void step(CellAttrs a, ElementType type, int input, double[] x, int xOff, double[] h, int hOff,
      double[] c, int cOff, Weights wt, double[] hOut, double[] cOut) {
    int hs = a.hiddenSize();
    switch (a.type()) {
      case RNN -> {
        Activation f = a.activations().get(0);
        for (int j = 0; j < hs; j++) {
          double s = gate(wt, input, hs, j, x, xOff, h, hOff) + wt.b()[wt.bOff() + j];
          hOut[j] = round(type, f.apply(a.clip(s)));
        }
      }
      case GRU -> gruStep(a, type, input, x, xOff, h, hOff, wt, hOut);
      case LSTM -> lstmStep(a, type, input, x, xOff, h, hOff, c, cOff, wt, hOut, cOut);
    }
  }

  /** Row {@code row} of W times x plus row {@code row} of R times h (no bias). */
  private static double gate(Weights wt, int input, int hs, int row, double[] x, int xOff, double[] h, int hOff) {
    return dot(wt.w(), wt.wOff() + row * input, x, xOff, input) + dot(wt.r(), wt.rOff() + row * hs, h, hOff, hs);
  }

  private static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  private static void gruStep(CellAttrs a, ElementType type, int input, double[] x, int xOff, double[] h, int hOff,
      Weights wt, double[] hOut) {
    int hs = a.hiddenSize();
    Activation f = a.activations().get(0);
    Activation g = a.activations().get(1);
    double[] b = wt.b();
    int bo = wt.bOff();
    double[] z = new double[hs];
    double[] r = new double[hs];
    for (int j = 0; j < hs; j++) {
      z[j] = f.apply(a.clip(gate(wt, input, hs, j, x, xOff, h, hOff) + b[bo + j]));
      r[j] = f.apply(a.clip(gate(wt, input, hs, hs + j, x, xOff, h, hOff) + b[bo + hs + j]));
    }
    double[] gated = null;
    if (!a.linearBeforeReset()) {
      gated = new double[hs];
      for (int m = 0; m < hs; m++) {
        gated[m] = r[m] * h[hOff + m];
      }
    }
    for (int j = 0; j < hs; j++) {
      int row = 2 * hs + j;
      double xw = dot(wt.w(), wt.wOff() + row * input, x, xOff, input);
      double pre;
      if (a.linearBeforeReset()) {
        double hr = dot(wt.r(), wt.rOff() + row * hs, h, hOff, hs) + b[bo + 3 * hs + j];
        pre = xw + r[j] * hr + b[bo + 2 * hs + j];
      } else {
        pre = xw + dot(wt.r(), wt.rOff() + row * hs, gated, 0, hs) + b[bo + 2 * hs + j];
      }
      double cand = g.apply(a.clip(pre));
      hOut[j] = round(type, (1 - z[j]) * cand + z[j] * h[hOff + j]);
    }
  }

  private static void lstmStep(CellAttrs a, ElementType type, int input, double[] x, int xOff, double[] h, int hOff,
      double[] c, int cOff, Weights wt, double[] hOut, double[] cOut) {
    int hs = a.hiddenSize();
    Activation f = a.activations().get(0);
    Activation g = a.activations().get(1);
    Activation hAct = a.activations().get(2);
    double[] b = wt.b();
    int bo = wt.bOff();
    double[] p = wt.p();
    int po = wt.pOff();
    for (int j = 0; j < hs; j++) {
      double cPrev = c[cOff + j];
      double fPre = gate(wt, input, hs, j, x, xOff, h, hOff) + b[bo + j];
      if (p != null) {
        fPre += p[po + j] * cPrev;
      }
      double ft = f.apply(a.clip(fPre));
      double it;
      if (a.inputForget()) {
        it = 1 - ft;
      } else {
        double iPre = gate(wt, input, hs, hs + j, x, xOff, h, hOff) + b[bo + hs + j];
        if (p != null) {
          iPre += p[po + hs + j] * cPrev;
        }
        it = f.apply(a.clip(iPre));
      }
      double ct = g.apply(a.clip(gate(wt, input, hs, 2 * hs + j, x, xOff, h, hOff) + b[bo + 2 * hs + j]));
      double cNew = round(type, ft * cPrev + it * ct);
      double oPre = gate(wt, input, hs, 3 * hs + j, x, xOff, h, hOff) + b[bo + 3 * hs + j];
      if (p != null) {
        oPre += p[po + 2 * hs + j] * cNew;
      }
      double ot = f.apply(a.clip(oPre));
      cOut[j] = cNew;
      hOut[j] = round(type, ot * hAct.apply(cNew));
    }
  }

  static double round(ElementType type, double v) {
    return type == ElementType.F64 ? v : Values.roundFloat(type, (float) v);
  }

  /** A cell's new states: {@code [H]} for RNN and GRU, {@code [H, C]} for LSTM. */
  static List<NdArray> cell(CellAttrs a, NdArray x, NdArray h, NdArray c, Weights wt) {
    int batch = (int) x.dim(0);
    int input = (int) x.dim(1);
    int hs = a.hiddenSize();
    ElementType type = x.type();
    double[] xs = x.toDoubleArray();
    double[] hsArr = h.toDoubleArray();
    double[] cs = c == null ? null : c.toDoubleArray();
    double[] hOut = new double[batch * hs];
    double[] cOut = new double[batch * hs];
    double[] hRow = new double[hs];
    double[] cRow = new double[hs];
    for (int n = 0; n < batch; n++) {
      step(a, type, input, xs, n * input, hsArr, n * hs, cs, n * hs, wt, hRow, cRow);
      System.arraycopy(hRow, 0, hOut, n * hs, hs);
      System.arraycopy(cRow, 0, cOut, n * hs, hs);
    }
    long[] shape = {batch, hs};
    NdArray ho = array(type, shape, hOut);
    return a.type() == CellType.LSTM ? List.of(ho, array(type, shape, cOut)) : List.of(ho);
  }

  /**
   * A whole sequence: {@code [Y, Ho]} for RNN and GRU, {@code [Y, Ho, Co]} for LSTM.
   *
   * @param lengths validated sequence lengths, one per batch row, each in {@code [0, steps]}
   * @param perDirection the weights of each direction (forward first)
   */
  static List<NdArray> sequence(CellAttrs a, Direction dir, NdArray x, NdArray h0, NdArray c0, long[] lengths,
      List<Weights> perDirection) {
    int batch = (int) x.dim(0);
    int steps = (int) x.dim(1);
    int input = (int) x.dim(2);
    int hs = a.hiddenSize();
    int dirs = dir.count();
    ElementType type = x.type();
    double[] xs = x.toDoubleArray();
    double[] hInit = h0.toDoubleArray();
    double[] cInit = c0 == null ? null : c0.toDoubleArray();
    double[] y = new double[batch * dirs * steps * hs];
    double[] hFinal = new double[batch * dirs * hs];
    double[] cFinal = new double[batch * dirs * hs];
    double[] h = new double[hs];
    double[] c = new double[hs];
    double[] hNext = new double[hs];
    double[] cNext = new double[hs];
    for (int d = 0; d < dirs; d++) {
      boolean reverse = dir == Direction.REVERSE || d == 1;
      Weights wt = perDirection.get(d);
      for (int n = 0; n < batch; n++) {
        int len = (int) lengths[n];
        int stateOff = (n * dirs + d) * hs;
        System.arraycopy(hInit, stateOff, h, 0, hs);
        if (cInit != null) {
          System.arraycopy(cInit, stateOff, c, 0, hs);
        }
        for (int s = 0; s < len; s++) {
          int t = reverse ? len - 1 - s : s;
          step(a, type, input, xs, (n * steps + t) * input, h, 0, c, 0, wt, hNext, cNext);
          System.arraycopy(hNext, 0, h, 0, hs);
          System.arraycopy(cNext, 0, c, 0, hs);
          System.arraycopy(h, 0, y, ((n * dirs + d) * steps + t) * hs, hs);
        }
        if (len > 0 || steps == 0) {
          System.arraycopy(h, 0, hFinal, stateOff, hs);
          System.arraycopy(c, 0, cFinal, stateOff, hs);
        }
      }
    }
    NdArray yArr = array(type, new long[] {batch, dirs, steps, hs}, y);
    NdArray ho = array(type, new long[] {batch, dirs, hs}, hFinal);
    if (a.type() == CellType.LSTM) {
      return List.of(yArr, ho, array(type, new long[] {batch, dirs, hs}, cFinal));
    }
    return List.of(yArr, ho);
  }

  static NdArray array(ElementType type, long[] shape, double[] v) {
    if (Storage.of(type) == Storage.DOUBLE) {
      return NdArray.ofDoubles(shape, v);
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return NdArray.ofFloats(type, shape, f);
  }
}
