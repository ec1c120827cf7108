package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import java.util.Locale;

/**
 * DepthToSpace-0 and SpaceToDepth-0: moving {@code block_size^K} channel groups into (or out of) the K
 * spatial dimensions of an {@code [N, C, D1 ... DK]} tensor. In {@code blocks_first} mode the block
 * offsets are the outer part of the channel index ({@code c = block * C' + c'}); in {@code depth_first}
 * mode the inner part ({@code c = c' * bs^K + block}), where {@code block} is the row-major index of the
 * per-dimension offsets {@code (b1 ... bK)}.
 */
public final class SpaceDepth {
  private SpaceDepth() {}

  /** The two channel layouts of the spec. */
  public enum Mode {
    BLOCKS_FIRST,
    DEPTH_FIRST;

    static Mode parse(String op, String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "blocks_first" -> BLOCKS_FIRST;
        case "depth_first" -> DEPTH_FIRST;
        default -> throw new OpAttributeException(op, "mode", text, "expected blocks_first or depth_first");
      };
    }
  }

  /** DepthToSpace-0. */
  public static NdArray depthToSpace(NdArray x, Mode mode, long blockSize) {
    return move(x, mode, blockSize, true);
  }

  /** SpaceToDepth-0. */
  public static NdArray spaceToDepth(NdArray x, Mode mode, long blockSize) {
    return move(x, mode, blockSize, false);
  }

  private static NdArray move(NdArray x, Mode mode, long bs, boolean toSpace) {
    String op = toSpace ? "DepthToSpace-0" : "SpaceToDepth-0";
    if (bs < 1) {
      throw new OpAttributeException(op, "block_size", bs, "must be positive");
    }
    if (x.rank() < 3) {
      throw new OpInputException(op, 0, "needs rank >= 3 ([N, C, D1...]), got " + Shapes.str(x.shape()));
    }
    int k = x.rank() - 2;
    long blocks = 1;
    for (int i = 0; i < k; i++) {
      blocks *= bs;
    }
    long[] in = x.shape();
    // the "deep" layout [N, C*bs^K, D...] and the "spatial" layout [N, C, D*bs...]
    long[] deep;
    long[] wide;
    if (toSpace) {
      if (in[1] % blocks != 0) {
        throw new OpInputException(op, 0, "channels " + in[1] + " are not divisible by block_size^" + k + " = " + blocks);
      }
      deep = in;
      wide = in.clone();
      wide[1] = in[1] / blocks;
      for (int d = 2; d < in.length; d++) {
        wide[d] = in[d] * bs;
      }
    } else {
      wide = in;
      deep = in.clone();
      deep[1] = in[1] * blocks;
      for (int d = 2; d < in.length; d++) {
        if (in[d] % bs != 0) {
          throw new OpInputException(op, 0, "dimension " + d + " (" + in[d] + ") is not divisible by block_size " + bs);
        }
        deep[d] = in[d] / bs;
      }
    }
    NdArray out = x.like(toSpace ? wide : deep);
    int[] deepStrides = Shapes.strides(deep);
    int n = Shapes.size(wide);
    long channels = wide[1];
    int[] idx = new int[wide.length];
    for (int w = 0; w < n; w++) {
      long block = 0;
      int deepFlat = idx[0] * deepStrides[0];
      for (int d = 2; d < wide.length; d++) {
        block = block * bs + idx[d] % bs;
        deepFlat += (int) (idx[d] / bs) * deepStrides[d];
      }
      long c = mode == Mode.BLOCKS_FIRST ? block * channels + idx[1] : idx[1] * blocks + block;
      deepFlat += (int) c * deepStrides[1];
      if (toSpace) {
        out.copyElement(x, deepFlat, w);
      } else {
        out.copyElement(x, w, deepFlat);
      }
      for (int d = wide.length - 1; d >= 0; d--) {
        if (++idx[d] < wide[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return out;
  }
}
