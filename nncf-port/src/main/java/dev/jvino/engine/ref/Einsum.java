package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Einsum-7: Einstein summation over any number of operands, in explicit ({@code "ij,jk->ik"}) or
 * implicit ({@code "ij,jk"}) mode, with ellipses ({@code "...ij"}), repeated labels inside one operand
 * (diagonals, e.g. {@code "ii->i"}, {@code "kii->k"}) and NUMPY broadcasting of size-1 dimensions that
 * share a label and of the dimensions the ellipses cover (right-aligned across operands).
 *
 * <p>Labels are the letters {@code A-Z a-z}; spaces are ignored. In implicit mode the output is the
 * ellipsis dimensions followed by the labels used exactly once, sorted (capitals first). Labels and
 * ellipsis dimensions absent from the output are summed. Float operands are multiplied and summed in
 * double and rounded once to the element type; integer operands use 64-bit arithmetic wrapped to the
 * type (exact modulo the type's width).
 */
public final class Einsum {
  private Einsum() {}

  private static final String OP = "Einsum-7";
  private static final int LETTERS = 52;

  /** The equation parsed against concrete operand ranks. */
  private record Plan(int[][] inputLabels, int[] outputLabels, int labelCount) {}

  /** Evaluates {@code equation} on {@code operands}. */
  public static NdArray einsum(String equation, List<NdArray> operands) {
    if (operands.isEmpty()) {
      throw new OpInputException(OP, 0, "needs at least one operand");
    }
    NdArray first = operands.get(0);
    if (first.storage() == Storage.BOOL) {
      throw new OpInputException(OP, 0, "boolean operands are not numeric");
    }
    for (int i = 1; i < operands.size(); i++) {
      if (operands.get(i).type() != first.type()) {
        throw new OpInputException(OP, i, "type " + operands.get(i).type() + " differs from operand 0's "
            + first.type());
      }
    }
    Plan plan = plan(equation, operands);
    long[] sizes = labelSizes(plan, operands);
    int[] out = plan.outputLabels();
    boolean[] isOut = new boolean[plan.labelCount()];
    for (int l : out) {
      isOut[l] = true;
    }
    List<Integer> summed = new ArrayList<>();
    for (int l = 0; l < plan.labelCount(); l++) {
      if (!isOut[l] && sizes[l] >= 0) {
        summed.add(l);
      }
    }
    long[] outShape = new long[out.length];
    for (int i = 0; i < out.length; i++) {
      outShape[i] = sizes[out[i]];
    }
    int n = operands.size();
    // coef[i][label]: how far operand i's flat offset moves per step of the label (0 when broadcast)
    long[][] coef = new long[n][plan.labelCount()];
    for (int i = 0; i < n; i++) {
      long[] shape = operands.get(i).shape();
      int[] strides = Shapes.strides(shape);
      int[] labels = plan.inputLabels()[i];
      for (int d = 0; d < labels.length; d++) {
        if (shape[d] != 1 || sizes[labels[d]] == 1) {
          coef[i][labels[d]] += strides[d];
        }
      }
    }
    int[] sumLabels = summed.stream().mapToInt(Integer::intValue).toArray();
    long sumCount = 1;
    for (int l : sumLabels) {
      sumCount *= sizes[l];
    }
    NdArray result = NdArray.zeros(first.type(), outShape);
    int outSize = result.size();
    int[] outCoord = new int[out.length];
    long[] base = new long[n];
    long[] offs = new long[n];
    int[] sumCoord = new int[sumLabels.length];
    boolean integer = first.storage() == Storage.LONG;
    long[][] longVals = new long[n][];
    double[][] doubleVals = new double[n][];
    for (int i = 0; i < n; i++) {
      if (integer) {
        longVals[i] = operands.get(i).longs();
      } else {
        doubleVals[i] = operands.get(i).toDoubleArray();
      }
    }
    for (int o = 0; o < outSize; o++) {
      Arrays.fill(base, 0);
      for (int d = 0; d < out.length; d++) {
        for (int i = 0; i < n; i++) {
          base[i] += coef[i][out[d]] * outCoord[d];
        }
      }
      double accD = 0;
      long accL = 0;
      System.arraycopy(base, 0, offs, 0, n);
      Arrays.fill(sumCoord, 0);
      for (long s = 0; s < sumCount; s++) {
        if (integer) {
          long p = 1;
          for (int i = 0; i < n; i++) {
            p *= longVals[i][(int) offs[i]];
          }
          accL += p;
        } else {
          double p = 1;
          for (int i = 0; i < n; i++) {
            p *= doubleVals[i][(int) offs[i]];
          }
          accD += p;
        }
        for (int d = sumLabels.length - 1; d >= 0; d--) {
          int l = sumLabels[d];
          if (++sumCoord[d] < sizes[l]) {
            for (int i = 0; i < n; i++) {
              offs[i] += coef[i][l];
            }
            break;
          }
          for (int i = 0; i < n; i++) {
            offs[i] -= coef[i][l] * (sizes[l] - 1);
          }
          sumCoord[d] = 0;
        }
      }
      if (integer) {
        result.longs()[o] = dev.jvino.engine.tensor.Values.wrap(first.type(), accL);
      } else {
        result.setDouble(o, accD);
      }
      for (int d = out.length - 1; d >= 0; d--) {
        if (++outCoord[d] < outShape[d]) {
          break;
        }
        outCoord[d] = 0;
      }
    }
    return result;
  }

  /** Parses the equation; ellipsis dimension e (right-aligned over all operands) gets label 52 + e. */
  private static Plan plan(String equation, List<NdArray> operands) {
    String eq = equation.replace(" ", "");
    String lhs = eq;
    String rhs = null;
    int arrow = eq.indexOf("->");
    if (arrow >= 0) {
      lhs = eq.substring(0, arrow);
      rhs = eq.substring(arrow + 2);
      if (rhs.contains("->")) {
        throw bad(equation, "more than one '->'");
      }
    }
    String[] subs = lhs.split(",", -1);
    if (subs.length != operands.size()) {
      throw new OpInputException(OP, -1, "equation '" + equation + "' has " + subs.length
          + " input subscripts but there are " + operands.size() + " operands");
    }
    List<List<Integer>> parsed = new ArrayList<>();
    int ellRank = 0;
    int[] ellOf = new int[subs.length];
    for (int i = 0; i < subs.length; i++) {
      List<Integer> tokens = tokens(equation, subs[i]);
      parsed.add(tokens);
      int letters = (int) tokens.stream().filter(t -> t >= 0).count();
      int rank = operands.get(i).rank();
      boolean hasEll = tokens.contains(-1);
      ellOf[i] = hasEll ? rank - letters : 0;
      if (ellOf[i] < 0 || (!hasEll && rank != letters)) {
        throw new OpInputException(OP, i, "subscript '" + subs[i] + "' does not match rank " + rank);
      }
      ellRank = Math.max(ellRank, ellOf[i]);
    }
    int[][] inputLabels = new int[subs.length][];
    int[] uses = new int[LETTERS];
    boolean anyEllipsis = false;
    for (int i = 0; i < subs.length; i++) {
      int[] labels = new int[operands.get(i).rank()];
      int p = 0;
      for (int t : parsed.get(i)) {
        if (t == -1) {
          anyEllipsis = true;
          for (int e = 0; e < ellOf[i]; e++) {
            labels[p++] = LETTERS + ellRank - ellOf[i] + e;
          }
        } else {
          labels[p++] = t;
          uses[t]++;
        }
      }
      inputLabels[i] = labels;
    }
    List<Integer> outLabels = new ArrayList<>();
    if (rhs == null) {
      for (int e = 0; e < (anyEllipsis ? ellRank : 0); e++) {
        outLabels.add(LETTERS + e);
      }
      for (int l = 0; l < LETTERS; l++) {
        if (uses[l] == 1) {
          outLabels.add(l);
        }
      }
    } else {
      boolean[] seen = new boolean[LETTERS];
      for (int t : tokens(equation, rhs)) {
        if (t == -1) {
          for (int e = 0; e < ellRank; e++) {
            outLabels.add(LETTERS + e);
          }
          continue;
        }
        if (uses[t] == 0) {
          throw bad(equation, "output label '" + letter(t) + "' does not appear in any input");
        }
        if (seen[t]) {
          throw bad(equation, "output label '" + letter(t) + "' is repeated");
        }
        seen[t] = true;
        outLabels.add(t);
      }
    }
    return new Plan(inputLabels, outLabels.stream().mapToInt(Integer::intValue).toArray(), LETTERS + ellRank);
  }

  /** Letters as 0..51 (A-Z then a-z), an ellipsis as -1. */
  private static List<Integer> tokens(String equation, String sub) {
    List<Integer> out = new ArrayList<>();
    boolean ellipsis = false;
    for (int i = 0; i < sub.length(); i++) {
      char c = sub.charAt(i);
      if (c == '.') {
        if (!sub.startsWith("...", i) || ellipsis) {
          throw bad(equation, "'" + sub + "' has a malformed or second ellipsis");
        }
        ellipsis = true;
        out.add(-1);
        i += 2;
      } else if (c >= 'A' && c <= 'Z') {
        out.add(c - 'A');
      } else if (c >= 'a' && c <= 'z') {
        out.add(26 + c - 'a');
      } else {
        throw bad(equation, "invalid character '" + c + "' in subscript '" + sub + "'");
      }
    }
    return out;
  }

  /** Size of every label (-1 when unused): equal sizes, or 1 broadcast to the other size. */
  private static long[] labelSizes(Plan plan, List<NdArray> operands) {
    long[] sizes = new long[plan.labelCount()];
    Arrays.fill(sizes, -1);
    for (int i = 0; i < operands.size(); i++) {
      long[] shape = operands.get(i).shape();
      int[] labels = plan.inputLabels()[i];
      for (int d = 0; d < labels.length; d++) {
        int l = labels[d];
        for (int e = 0; e < d; e++) {
          if (labels[e] == l && shape[e] != shape[d]) {
            throw new OpInputException(OP, i, "repeated label '" + letter(l) + "' covers dimensions of sizes "
                + shape[e] + " and " + shape[d]);
          }
        }
        if (sizes[l] == -1 || sizes[l] == 1) {
          sizes[l] = shape[d];
        } else if (shape[d] != 1 && shape[d] != sizes[l]) {
          throw new OpInputException(OP, i, "dimension " + d + " of " + Shapes.str(shape) + " (label '"
              + letter(l) + "') does not broadcast with size " + sizes[l]);
        }
      }
    }
    for (int l : plan.outputLabels()) {
      if (sizes[l] == -1) {
        sizes[l] = 1; // an ellipsis dimension no operand covers
      }
    }
    return sizes;
  }

  private static String letter(int label) {
    if (label >= LETTERS) {
      return "...";
    }
    return String.valueOf((char) (label < 26 ? 'A' + label : 'a' + label - 26));
  }

  private static OpAttributeException bad(String equation, String why) {
    return new OpAttributeException(OP, "equation", equation, why);
  }
}
