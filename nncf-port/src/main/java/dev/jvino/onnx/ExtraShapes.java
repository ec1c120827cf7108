package dev.jvino.onnx;

import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Output types and shapes for the OpenVINO ops the converter emits that {@link dev.jvino.ir.ShapeInference}
 * does not cover. Dimensions that depend on run-time values stay dynamic; an op not listed here gets
 * one output of its first input's type with a dynamic shape.
 */
final class ExtraShapes {
  private static final Set<String> SAME = Set.of("elu", "selu", "prelu", "softplus", "logsoftmax",
      "negative", "abs", "sign", "clamp", "lrn", "batchnorminference", "floor", "ceiling", "convertlike",
      "logicalnot", "hardsigmoid", "softsign", "groupnormalization");
  private static final Set<String> LOGICAL = Set.of("logicaland", "logicalor", "logicalxor");
  private static final Set<String> ARITHMETIC = Set.of("mod", "floormod");

  private ExtraShapes() {}

  static void apply(Node n) {
    String t = n.type().toLowerCase(Locale.ROOT);
    Output x = n.input(0).source();
    if (SAME.contains(t)) {
      n.addOutput(x.elementType(), x.shape());
      return;
    }
    if (ARITHMETIC.contains(t)) {
      n.addOutput(x.elementType(), broadcast(x.shape(), n.input(1).shape()));
      return;
    }
    if (LOGICAL.contains(t)) {
      n.addOutput(ElementType.BOOLEAN, broadcast(x.shape(), n.input(1).shape()));
      return;
    }
    switch (t) {
      case "reducesum", "reducemean", "reducemax", "reducemin", "reduceprod", "reducel1", "reducel2" ->
          n.addOutput(x.elementType(), reduce(n, x.shape()));
      case "maxpool" -> {
        PartialShape s = pool(n, x.shape());
        n.addOutput(x.elementType(), s);
        if (!n.version().equals("opset1")) {
          n.addOutput(ElementType.I64, s);
        }
      }
      case "avgpool" -> n.addOutput(x.elementType(), pool(n, x.shape()));
      case "convolutionbackpropdata" -> n.addOutput(x.elementType(), deconv(n, x.shape(), false));
      case "groupconvolutionbackpropdata" -> n.addOutput(x.elementType(), deconv(n, x.shape(), true));
      case "squeeze" -> n.addOutput(x.elementType(), squeeze(n, x.shape()));
      case "unsqueeze" -> n.addOutput(x.elementType(), unsqueeze(n, x.shape()));
      case "split" -> {
        long parts = n.attributes().integer("num_splits");
        for (int i = 0; i < parts; i++) {
          n.addOutput(x.elementType(), split(n, x.shape(), parts, -1));
        }
      }
      case "variadicsplit" -> {
        long[] lengths = values(n, 2);
        for (long len : lengths) {
          n.addOutput(x.elementType(), split(n, x.shape(), -1, len));
        }
      }
      case "slice" -> n.addOutput(x.elementType(), slice(n, x.shape()));
      case "broadcast" -> n.addOutput(x.elementType(), broadcastTo(n, x.shape()));
      case "tile" -> n.addOutput(x.elementType(), tile(n, x.shape()));
      case "pad" -> n.addOutput(x.elementType(), pad(n, x.shape()));
      case "interpolate" -> n.addOutput(x.elementType(), interpolate(n, x.shape()));
      case "range" -> n.addOutput(n.attributes().elementType("output_type"), PartialShape.dynamic(1));
      default -> n.addOutput(x.elementType(), PartialShape.dynamic());
    }
  }

  private static long @Nullable [] values(Node n, int input) {
    if (input >= n.inputs().size()) {
      return null;
    }
    Node src = n.inputNode(input);
    return src.is("Constant") ? src.constantData().toLongArray() : null;
  }

  private static PartialShape broadcast(PartialShape a, PartialShape b) {
    if (!a.isRankStatic() || !b.isRankStatic()) {
      return PartialShape.dynamic();
    }
    int r = Math.max(a.rank(), b.rank());
    List<Dimension> out = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      int ia = i - (r - a.rank());
      int ib = i - (r - b.rank());
      Dimension da = ia >= 0 ? a.get(ia) : Dimension.of(1);
      Dimension db = ib >= 0 ? b.get(ib) : Dimension.of(1);
      if (da.isStatic() && da.length() == 1) {
        out.add(db);
      } else if (db.isStatic() && db.length() == 1) {
        out.add(da);
      } else if (da.isStatic()) {
        out.add(da);
      } else {
        out.add(db);
      }
    }
    return PartialShape.of(out);
  }

  private static int norm(long axis, int rank) {
    return (int) (axis < 0 ? axis + rank : axis);
  }

  private static PartialShape reduce(Node n, PartialShape in) {
    long[] axes = values(n, 1);
    boolean keep = n.attributes().bool("keep_dims", false);
    if (!in.isRankStatic()) {
      return PartialShape.dynamic();
    }
    if (axes == null) {
      return keep ? PartialShape.dynamic(in.rank()) : PartialShape.dynamic();
    }
    boolean[] reduced = new boolean[in.rank()];
    for (long a : axes) {
      reduced[norm(a, in.rank())] = true;
    }
    List<Dimension> out = new ArrayList<>();
    for (int i = 0; i < in.rank(); i++) {
      if (!reduced[i]) {
        out.add(in.get(i));
      } else if (keep) {
        out.add(Dimension.of(1));
      }
    }
    return PartialShape.of(out);
  }

  private static PartialShape pool(Node n, PartialShape in) {
    if (!in.isRankStatic()) {
      return PartialShape.dynamic();
    }
    long[] k = n.attributes().integers("kernel");
    long[] s = n.attributes().integers("strides");
    long[] pb = n.attributes().integers("pads_begin");
    long[] pe = n.attributes().integers("pads_end");
    long[] d = n.attributes().integers("dilations", ones(k.length));
    String autoPad = n.attributes().string("auto_pad", "explicit");
    boolean ceil = n.attributes().string("rounding_type", "floor").startsWith("ceil");
    List<Dimension> out = new ArrayList<>();
    out.add(in.get(0));
    out.add(in.get(1));
    for (int i = 0; i < k.length; i++) {
      Dimension x = in.get(i + 2);
      if (x.isDynamic()) {
        out.add(Dimension.DYNAMIC);
        continue;
      }
      long len = x.length();
      if (autoPad.startsWith("same")) {
        out.add(Dimension.of((len + s[i] - 1) / s[i]));
        continue;
      }
      long pads = autoPad.equals("valid") ? 0 : pb[i] + pe[i];
      long eff = (k[i] - 1) * d[i] + 1;
      long num = len + pads - eff;
      long o = (ceil ? Math.floorDiv(num + s[i] - 1, s[i]) : Math.floorDiv(num, s[i])) + 1;
      if (ceil && (o - 1) * s[i] >= len + (autoPad.equals("valid") ? 0 : pb[i])) {
        o--;
      }
      out.add(Dimension.of(o));
    }
    return PartialShape.of(out);
  }

  private static PartialShape deconv(Node n, PartialShape in, boolean grouped) {
    PartialShape w = n.input(1).shape();
    if (!in.isRankStatic() || !w.isStatic()) {
      return PartialShape.dynamic(in.isRankStatic() ? in.rank() : 0);
    }
    long[] s = n.attributes().integers("strides");
    long[] d = n.attributes().integers("dilations");
    long[] pb = n.attributes().integers("pads_begin");
    long[] pe = n.attributes().integers("pads_end");
    long[] op = n.attributes().integers("output_padding", new long[s.length]);
    long[] ws = w.toLongArray();
    if (grouped) {
      long[] flat = java.util.Arrays.copyOfRange(ws, 1, ws.length);
      flat[1] = ws[0] * ws[2];
      ws = flat;
    }
    List<Dimension> out = new ArrayList<>();
    out.add(in.get(0));
    out.add(Dimension.of(ws[1]));
    for (int i = 0; i < s.length; i++) {
      Dimension x = in.get(i + 2);
      out.add(x.isDynamic() ? Dimension.DYNAMIC : Dimension.of(
          s[i] * (x.length() - 1) + d[i] * (ws[i + 2] - 1) + 1 - pb[i] - pe[i] + op[i]));
    }
    return PartialShape.of(out);
  }

  private static PartialShape squeeze(Node n, PartialShape in) {
    long[] axes = values(n, 1);
    if (!in.isRankStatic()) {
      return PartialShape.dynamic();
    }
    List<Dimension> out = new ArrayList<>();
    for (int i = 0; i < in.rank(); i++) {
      boolean drop = false;
      if (axes == null) {
        drop = in.get(i).isStatic() && in.get(i).length() == 1;
      } else {
        for (long a : axes) {
          drop |= norm(a, in.rank()) == i;
        }
      }
      if (!drop) {
        out.add(in.get(i));
      }
    }
    return PartialShape.of(out);
  }

  private static PartialShape unsqueeze(Node n, PartialShape in) {
    long[] axes = values(n, 1);
    if (!in.isRankStatic() || axes == null) {
      return PartialShape.dynamic();
    }
    int r = in.rank() + axes.length;
    boolean[] added = new boolean[r];
    for (long a : axes) {
      added[norm(a, r)] = true;
    }
    List<Dimension> out = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < r; i++) {
      out.add(added[i] ? Dimension.of(1) : in.get(j++));
    }
    return PartialShape.of(out);
  }

  private static PartialShape split(Node n, PartialShape in, long parts, long length) {
    long[] axis = values(n, 1);
    if (!in.isRankStatic() || axis == null) {
      return in.isRankStatic() ? PartialShape.dynamic(in.rank()) : PartialShape.dynamic();
    }
    int a = norm(axis[0], in.rank());
    List<Dimension> out = new ArrayList<>(in.dims());
    Dimension d = in.get(a);
    if (length >= 0) {
      out.set(a, Dimension.of(length));
    } else {
      out.set(a, d.isStatic() ? Dimension.of(d.length() / parts) : Dimension.DYNAMIC);
    }
    return PartialShape.of(out);
  }

  private static PartialShape slice(Node n, PartialShape in) {
    if (!in.isRankStatic()) {
      return PartialShape.dynamic();
    }
    long[] start = values(n, 1);
    long[] stop = values(n, 2);
    long[] step = values(n, 3);
    long[] axes = n.inputs().size() > 4 ? values(n, 4) : null;
    List<Dimension> out = new ArrayList<>(in.dims());
    if (start == null || stop == null || step == null || (n.inputs().size() > 4 && axes == null)) {
      return PartialShape.dynamic(in.rank());
    }
    for (int i = 0; i < start.length; i++) {
      int a = axes == null ? i : norm(axes[i], in.rank());
      Dimension d = in.get(a);
      if (d.isDynamic()) {
        out.set(a, Dimension.DYNAMIC);
        continue;
      }
      long len = d.length();
      long st = step[i];
      long b = clampIndex(start[i], len, st);
      long e = clampIndex(stop[i], len, st);
      long count = st > 0 ? Math.max(0, (e - b + st - 1) / st) : Math.max(0, (b - e - st - 1) / -st);
      out.set(a, Dimension.of(count));
    }
    return PartialShape.of(out);
  }

  private static long clampIndex(long v, long len, long step) {
    long x = v < 0 ? v + len : v;
    if (step > 0) {
      return Math.max(0, Math.min(len, x));
    }
    return Math.max(-1, Math.min(len - 1, x));
  }

  private static PartialShape broadcastTo(Node n, PartialShape in) {
    long[] target = values(n, 1);
    if (target == null) {
      PartialShape ts = n.input(1).shape();
      return ts.isStatic() && in.isRankStatic()
          ? PartialShape.dynamic((int) Math.max(in.rank(), ts.toLongArray()[0])) : PartialShape.dynamic();
    }
    String mode = n.attributes().string("mode", "numpy");
    List<Dimension> t = new ArrayList<>();
    for (long v : target) {
      t.add(Dimension.of(v));
    }
    PartialShape ts = PartialShape.of(t);
    return mode.equals("bidirectional") ? broadcast(in, ts) : ts;
  }

  private static PartialShape tile(Node n, PartialShape in) {
    long[] reps = values(n, 1);
    if (!in.isRankStatic() || reps == null) {
      return PartialShape.dynamic();
    }
    int r = Math.max(in.rank(), reps.length);
    List<Dimension> out = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      int ii = i - (r - in.rank());
      int ir = i - (r - reps.length);
      Dimension d = ii >= 0 ? in.get(ii) : Dimension.of(1);
      long rep = ir >= 0 ? reps[ir] : 1;
      out.add(d.isStatic() ? Dimension.of(d.length() * rep) : Dimension.DYNAMIC);
    }
    return PartialShape.of(out);
  }

  private static PartialShape pad(Node n, PartialShape in) {
    long[] b = values(n, 1);
    long[] e = values(n, 2);
    if (!in.isRankStatic() || b == null || e == null) {
      return in.isRankStatic() ? PartialShape.dynamic(in.rank()) : PartialShape.dynamic();
    }
    List<Dimension> out = new ArrayList<>();
    for (int i = 0; i < in.rank(); i++) {
      Dimension d = in.get(i);
      out.add(d.isStatic() ? Dimension.of(d.length() + b[i] + e[i]) : Dimension.DYNAMIC);
    }
    return PartialShape.of(out);
  }

  private static PartialShape interpolate(Node n, PartialShape in) {
    if (!in.isRankStatic()) {
      return PartialShape.dynamic();
    }
    Node target = n.inputNode(1);
    long[] axes = n.inputs().size() > 2 ? values(n, 2) : null;
    if (!target.is("Constant") || (n.inputs().size() > 2 && axes == null)) {
      return PartialShape.dynamic(in.rank());
    }
    boolean sizes = n.attributes().string("shape_calculation_mode").equals("sizes");
    double[] v = target.constantData().toDoubleArray();
    List<Dimension> out = new ArrayList<>(in.dims());
    for (int k = 0; k < v.length; k++) {
      int a = axes == null ? k : norm(axes[k], in.rank());
      Dimension d = in.get(a);
      if (sizes) {
        out.set(a, Dimension.of((long) v[k]));
      } else {
        out.set(a, d.isStatic() ? Dimension.of((long) Math.floor(d.length() * v[k] + 1e-5)) : Dimension.DYNAMIC);
      }
    }
    return PartialShape.of(out);
  }

  private static long[] ones(int n) {
    long[] o = new long[n];
    java.util.Arrays.fill(o, 1);
    return o;
  }
}
