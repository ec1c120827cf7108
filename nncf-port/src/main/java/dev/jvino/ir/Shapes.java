package dev.jvino.ir;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Shape inference of the structural ops (package-private helper of {@link ShapeInference}). */
final class Shapes {
  private Shapes() {}

  /** The integer values of a constant input, or {@code null} if the input is not a Constant. */
  static long @Nullable [] constValues(Node n, int input) {
    Node src = n.inputNode(input);
    return src.is("Constant") ? src.constantData().toLongArray() : null;
  }

  private static int normAxis(Node n, long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new InvalidGraphException(n + ": axis " + axis + " out of range for rank " + rank);
    }
    return (int) a;
  }

  static List<ShapeInference.TypedShape> matMul(Node n) {
    ShapeInference.arity(n, 2);
    ElementType ta = n.input(0).elementType();
    ElementType tb = n.input(1).elementType();
    if (ta != tb) {
      throw new InvalidGraphException(n + ": element types differ (" + ta + " vs " + tb + ")");
    }
    PartialShape a = n.input(0).shape();
    PartialShape b = n.input(1).shape();
    if (!a.isRankStatic() || !b.isRankStatic()) {
      return ShapeInference.one(ta, PartialShape.dynamic());
    }
    boolean transA = n.attributes().bool("transpose_a", false);
    boolean transB = n.attributes().bool("transpose_b", false);
    List<Dimension> da = new ArrayList<>(a.dims());
    List<Dimension> db = new ArrayList<>(b.dims());
    if (da.isEmpty() || db.isEmpty()) {
      throw new InvalidGraphException(n + ": MatMul inputs must not be scalars");
    }
    boolean aVec = da.size() == 1;
    boolean bVec = db.size() == 1;
    if (aVec) {
      da.add(0, Dimension.of(1));
    } else if (transA) {
      swapLast(da);
    }
    if (bVec) {
      db.add(Dimension.of(1));
    } else if (transB) {
      swapLast(db);
    }
    Dimension k1 = da.get(da.size() - 1);
    Dimension k2 = db.get(db.size() - 2);
    if (!k1.compatible(k2)) {
      throw new InvalidGraphException(n + ": MatMul inner dimensions differ: " + a + " x " + b
          + " (transpose_a=" + transA + ", transpose_b=" + transB + ")");
    }
    PartialShape batchA = PartialShape.of(da.subList(0, da.size() - 2));
    PartialShape batchB = PartialShape.of(db.subList(0, db.size() - 2));
    List<Dimension> out = new ArrayList<>(ShapeInference.broadcast(n, batchA, batchB).dims());
    if (!aVec) {
      out.add(da.get(da.size() - 2));
    }
    if (!bVec) {
      out.add(db.get(db.size() - 1));
    }
    return ShapeInference.one(ta, PartialShape.of(out));
  }

  private static void swapLast(List<Dimension> d) {
    int r = d.size();
    Dimension x = d.get(r - 1);
    d.set(r - 1, d.get(r - 2));
    d.set(r - 2, x);
  }

  static List<ShapeInference.TypedShape> reshape(Node n) {
    ShapeInference.arity(n, 2);
    ElementType t = n.input(0).elementType();
    PartialShape in = n.input(0).shape();
    long[] target = constValues(n, 1);
    if (target == null) {
      PartialShape ts = n.input(1).shape();
      if (ts.isStatic() && ts.rank() == 1) {
        return ShapeInference.one(t, PartialShape.dynamic((int) ts.get(0).length()));
      }
      return ShapeInference.one(t, PartialShape.dynamic());
    }
    boolean specialZero = n.attributes().bool("special_zero");
    List<Dimension> out = new ArrayList<>();
    int minusOne = -1;
    for (int i = 0; i < target.length; i++) {
      long v = target[i];
      if (v == 0 && specialZero) {
        if (!in.isRankStatic() || i >= in.rank()) {
          if (in.isRankStatic()) {
            throw new InvalidGraphException(n + ": special zero at " + i + " beyond input rank");
          }
          out.add(Dimension.DYNAMIC);
        } else {
          out.add(in.get(i));
        }
      } else if (v == -1) {
        if (minusOne >= 0) {
          throw new InvalidGraphException(n + ": more than one -1 in target shape");
        }
        minusOne = i;
        out.add(Dimension.DYNAMIC);
      } else if (v < 0) {
        throw new InvalidGraphException(n + ": negative target dimension " + v);
      } else {
        out.add(Dimension.of(v));
      }
    }
    if (in.isStatic()) {
      long total = in.elementCount();
      long known = 1;
      for (int i = 0; i < out.size(); i++) {
        if (i != minusOne) {
          known = Math.multiplyExact(known, out.get(i).length());
        }
      }
      if (minusOne >= 0) {
        if (known == 0 || total % known != 0) {
          throw new InvalidGraphException(n + ": cannot reshape " + in + " to "
              + java.util.Arrays.toString(target));
        }
        out.set(minusOne, Dimension.of(total / known));
      } else if (known != total) {
        throw new InvalidGraphException(n + ": cannot reshape " + in + " (" + total
            + " elements) to " + java.util.Arrays.toString(target));
      }
    }
    return ShapeInference.one(t, PartialShape.of(out));
  }

  static List<ShapeInference.TypedShape> transpose(Node n) {
    ShapeInference.arity(n, 2);
    ElementType t = n.input(0).elementType();
    PartialShape in = n.input(0).shape();
    long[] order = constValues(n, 1);
    if (!in.isRankStatic()) {
      return ShapeInference.one(t, PartialShape.dynamic());
    }
    int r = in.rank();
    if (order == null) {
      return ShapeInference.one(t, PartialShape.dynamic(r));
    }
    if (order.length == 0) {
      order = new long[r];
      for (int i = 0; i < r; i++) {
        order[i] = r - 1 - i;
      }
    }
    if (order.length != r) {
      throw new InvalidGraphException(n + ": order of length " + order.length + " for rank " + r);
    }
    boolean[] seen = new boolean[r];
    List<Dimension> out = new ArrayList<>(r);
    for (long o : order) {
      int a = normAxis(n, o, r);
      if (seen[a]) {
        throw new InvalidGraphException(n + ": axis " + a + " repeated in transpose order");
      }
      seen[a] = true;
      out.add(in.get(a));
    }
    return ShapeInference.one(t, PartialShape.of(out));
  }

  static List<ShapeInference.TypedShape> concat(Node n) {
    if (n.inputs().isEmpty()) {
      throw new InvalidGraphException(n + " needs at least one input");
    }
    ElementType t = n.input(0).elementType();
    long axis = n.attributes().integer("axis");
    List<Dimension> out = null;
    int axisN = 0;
    long sumMin = 0;
    long sumMax = 0;
    for (Input in : n.inputs()) {
      if (in.elementType() != t) {
        throw new InvalidGraphException(n + ": element types differ (" + t + " vs "
            + in.elementType() + ")");
      }
      PartialShape s = in.shape();
      if (!s.isRankStatic()) {
        return ShapeInference.one(t, PartialShape.dynamic());
      }
      if (out == null) {
        out = new ArrayList<>(s.dims());
        axisN = normAxis(n, axis, s.rank());
      } else if (s.rank() != out.size()) {
        throw new InvalidGraphException(n + ": inputs have different ranks");
      }
      for (int i = 0; i < out.size(); i++) {
        if (i != axisN) {
          if (!out.get(i).compatible(s.get(i))) {
            throw new InvalidGraphException(n + ": dimension " + i + " differs between inputs");
          }
          out.set(i, out.get(i).merge(s.get(i)));
        }
      }
      Dimension d = s.get(axisN);
      sumMin += d.min();
      sumMax = sumMax == -1 || d.max() == -1 ? -1 : sumMax + d.max();
    }
    out.set(axisN, new Dimension(sumMin, sumMax));
    return ShapeInference.one(t, PartialShape.of(out));
  }

  static List<ShapeInference.TypedShape> gather(Node n) {
    ShapeInference.arity(n, 3);
    ElementType t = n.input(0).elementType();
    PartialShape data = n.input(0).shape();
    PartialShape idx = n.input(1).shape();
    long[] axisV = constValues(n, 2);
    if (!data.isRankStatic() || !idx.isRankStatic() || axisV == null) {
      return ShapeInference.one(t, PartialShape.dynamic());
    }
    if (axisV.length != 1) {
      throw new InvalidGraphException(n + ": axis must hold one value");
    }
    int axis = normAxis(n, axisV[0], data.rank());
    long bd = n.attributes().integer("batch_dims", 0);
    int batch = (int) (bd < 0 ? bd + idx.rank() : bd);
    if (batch < 0 || batch > axis || batch > idx.rank()) {
      throw new InvalidGraphException(n + ": batch_dims " + bd + " out of range");
    }
    List<Dimension> out = new ArrayList<>(data.dims().subList(0, axis));
    out.addAll(idx.dims().subList(batch, idx.rank()));
    out.addAll(data.dims().subList(axis + 1, data.rank()));
    return ShapeInference.one(t, PartialShape.of(out));
  }

  static List<ShapeInference.TypedShape> convolution(Node n, boolean grouped) {
    ShapeInference.arity(n, 2);
    ElementType t = n.input(0).elementType();
    PartialShape x = n.input(0).shape();
    PartialShape w = n.input(1).shape();
    if (n.input(1).elementType() != t) {
      throw new InvalidGraphException(n + ": element types differ");
    }
    if (!x.isRankStatic() || !w.isRankStatic()) {
      return ShapeInference.one(t, PartialShape.dynamic());
    }
    int spatial = x.rank() - 2;
    int wOff = grouped ? 1 : 0;
    if (spatial < 1 || w.rank() != spatial + 2 + wOff) {
      throw new InvalidGraphException(n + ": input rank " + x.rank() + " and weight rank "
          + w.rank() + " do not match");
    }
    Dimension cin = x.get(1);
    Dimension wcin = grouped && w.get(0).isStatic() && w.get(2 + wOff - 1).isStatic()
        ? Dimension.of(w.get(0).length() * w.get(2).length()) : w.get(1 + wOff);
    if (!cin.compatible(wcin)) {
      throw new InvalidGraphException(n + ": input channels " + cin + " do not match weights " + w);
    }
    Attributes a = n.attributes();
    long[] strides = a.integers("strides");
    long[] dil = a.integers("dilations");
    long[] pb = a.integers("pads_begin");
    long[] pe = a.integers("pads_end");
    String autoPad = a.string("auto_pad", "explicit");
    if (strides.length != spatial || dil.length != spatial) {
      throw new InvalidGraphException(n + ": strides/dilations need " + spatial + " values");
    }
    List<Dimension> out = new ArrayList<>();
    out.add(x.get(0));
    out.add(grouped && w.get(0).isStatic() && w.get(1).isStatic()
        ? Dimension.of(w.get(0).length() * w.get(1).length()) : w.get(grouped ? 1 : 0));
    if (grouped && !(w.get(0).isStatic() && w.get(1).isStatic())) {
      out.set(1, Dimension.DYNAMIC);
    }
    for (int i = 0; i < spatial; i++) {
      Dimension in = x.get(2 + i);
      Dimension k = w.get(2 + wOff + i);
      if (!in.isStatic() || !k.isStatic()) {
        out.add(Dimension.DYNAMIC);
        continue;
      }
      long s = strides[i];
      if (s <= 0 || dil[i] <= 0) {
        throw new InvalidGraphException(n + ": strides and dilations must be positive");
      }
      long size;
      switch (autoPad) {
        case "same_upper", "same_lower" -> size = (in.length() + s - 1) / s;
        case "valid" -> size = (in.length() - dil[i] * (k.length() - 1) - 1) / s + 1;
        default -> {
          if (pb.length != spatial || pe.length != spatial) {
            throw new InvalidGraphException(n + ": pads need " + spatial + " values");
          }
          size = (in.length() + pb[i] + pe[i] - dil[i] * (k.length() - 1) - 1) / s + 1;
        }
      }
      if (size <= 0) {
        throw new InvalidGraphException(n + ": kernel larger than padded input");
      }
      out.add(Dimension.of(size));
    }
    return ShapeInference.one(t, PartialShape.of(out));
  }
}
