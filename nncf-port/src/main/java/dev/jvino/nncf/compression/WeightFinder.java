package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Finds the ops NNCF's weight compression considers and their constant weights, as the OpenVINO graph
 * builder and backend do: MatMul, embedding Gather and the convolution family, each reachable from the
 * model inputs, with a float weight Constant on a port that is not fed by an inference node, found by
 * walking up Convert, FakeQuantize, FakeConvert and Reshape ops.
 */
final class WeightFinder {
  private static final Set<String> PROPAGATE = Set.of("convert", "fakequantize", "fakeconvert", "reshape");
  private static final Set<ElementType> EMBEDDING_INPUT_TYPES = Set.of(ElementType.F16, ElementType.F32, ElementType.F64);

  private WeightFinder() {}

  /** A candidate op and its weights, in NNCF's node order. */
  record Candidate(Node op, OpKind kind, List<WeightSite> weights) {}

  /** The candidates in NNCF's topological order. */
  static List<Candidate> find(NncfGraphOrder order) {
    List<Candidate> out = new ArrayList<>();
    for (Node n : order.ordered()) {
      if (!order.isInference(n)) {
        continue;
      }
      Optional<OpKind> kind = kindOf(n);
      if (kind.isEmpty()) {
        continue;
      }
      List<WeightSite> sites = new ArrayList<>();
      int ports = n.inputs().size();
      if (kind.get() == OpKind.CONVOLUTION_BACKPROP_DATA || kind.get() == OpKind.GROUP_CONVOLUTION_BACKPROP_DATA) {
        ports = Math.min(ports, 2);
      }
      for (int p = 0; p < ports; p++) {
        Input in = n.input(p);
        if (order.isInference(in.source().node())) {
          continue;
        }
        Node c = constantOf(in.source().node());
        if (c == null || !c.constantData().elementType().isFloatingPoint()) {
          continue;
        }
        long[] shape = c.constantData().shape();
        sites.add(new WeightSite(c.name(), c, n, p, kind.get(), c.constantData().elementType(), shape,
            reductionAxes(n, kind.get(), p, shape)));
      }
      if (!sites.isEmpty()) {
        out.add(new Candidate(n, kind.get(), sites));
      }
    }
    return out;
  }

  /** The op's metatype role, if it is one weight compression considers. */
  static Optional<OpKind> kindOf(Node n) {
    return switch (n.type()) {
      case "MatMul" -> Optional.of(OpKind.MATMUL);
      case "Convolution" -> Optional.of(OpKind.CONVOLUTION);
      case "ConvolutionBackpropData" -> Optional.of(OpKind.CONVOLUTION_BACKPROP_DATA);
      case "GroupConvolution" -> Optional.of(OpKind.GROUP_CONVOLUTION);
      case "GroupConvolutionBackpropData" -> Optional.of(OpKind.GROUP_CONVOLUTION_BACKPROP_DATA);
      case "Gather" -> isEmbedding(n) ? Optional.of(OpKind.EMBEDDING) : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static boolean isEmbedding(Node gather) {
    if (gather.name().endsWith("nncf_codebook") || gather.inputs().isEmpty()) {
      return false;
    }
    Input data = gather.input(0);
    return EMBEDDING_INPUT_TYPES.contains(data.elementType()) && constantOf(data.source().node()) != null;
  }

  /** NNCF's {@code get_operation_const_op}: the Constant reached through input 0 of propagating ops. */
  static Node constantOf(Node start) {
    Node cur = start;
    while (true) {
      if (cur.is("Constant")) {
        return cur;
      }
      if (cur.inputs().isEmpty() || !PROPAGATE.contains(cur.type().toLowerCase(java.util.Locale.ROOT))) {
        return null;
      }
      cur = cur.input(0).source().node();
    }
  }

  /** Every axis that is not a channel axis of the weight layout NNCF assigns to the op. */
  static int[] reductionAxes(Node op, OpKind kind, int port, long[] shape) {
    int rank = shape.length;
    boolean[] channel = new boolean[rank];
    switch (kind) {
      case MATMUL -> {
        boolean transpose = op.attributes().bool(port == 0 ? "transpose_a" : "transpose_b", false);
        for (int i = 0; i < rank - 2; i++) {
          channel[i] = true; // SPATIAL
        }
        if (rank > 1) {
          boolean inOut = (transpose && port == 0) || (!transpose && port == 1);
          channel[inOut ? rank - 1 : rank - 2] = true; // C_OUT
        }
      }
      case EMBEDDING -> {
        if (rank > 0) {
          channel[0] = true;
        }
      }
      case CONVOLUTION -> mark(channel, 0);
      case CONVOLUTION_BACKPROP_DATA -> mark(channel, 1);
      case GROUP_CONVOLUTION -> mark(channel, 0, 1);
      case GROUP_CONVOLUTION_BACKPROP_DATA -> mark(channel, 0, 2);
    }
    return IntStream.range(0, rank).filter(i -> !channel[i]).toArray();
  }

  private static void mark(boolean[] channel, int... axes) {
    for (int a : axes) {
      if (a < channel.length) {
        channel[a] = true;
      }
    }
  }

  static String describe(int[] axes) {
    return Arrays.toString(axes);
  }
}
