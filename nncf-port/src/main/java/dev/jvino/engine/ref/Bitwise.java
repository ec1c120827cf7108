package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import java.util.function.LongBinaryOperator;

/**
 * BitwiseAnd/Or/Xor-13 (with broadcasting) and BitwiseNot-13 on integer and boolean tensors, as in
 * opset13 (the Qwen-style attention masks exported by optimum use BitwiseAnd on booleans). Integer
 * results are wrapped to the element type, so NOT of an unsigned value stays in range.
 */
public final class Bitwise {
  private Bitwise() {}

  /** The binary bitwise operations of opset13. */
  public enum Op {
    AND("BitwiseAnd", (x, y) -> x & y),
    OR("BitwiseOr", (x, y) -> x | y),
    XOR("BitwiseXor", (x, y) -> x ^ y);

    private final String irName;
    private final LongBinaryOperator f;

    Op(String irName, LongBinaryOperator f) {
      this.irName = irName;
      this.f = f;
    }

    public String irName() {
      return irName;
    }
  }

  /** {@code a op b} elementwise; both inputs of one integer or boolean type. */
  public static NdArray binary(Op op, NdArray a, NdArray b, AutoBroadcast broadcast) {
    String name = op.irName() + "-13";
    checkType(name, a, 0);
    Elementwise.requireSameType(name, a, b);
    long[] out = Broadcasting.shape(name, a.shape(), b.shape(), broadcast);
    long[] bRead = Broadcasting.readShape(name, out, b.shape(), broadcast, true);
    int[] ia = Broadcasting.indexMap(out, a.shape());
    int[] ib = Broadcasting.indexMap(out, bRead);
    if (a.type() == ElementType.BOOLEAN) {
      boolean[] x = a.booleans();
      boolean[] y = b.booleans();
      boolean[] r = new boolean[ia.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = op.f.applyAsLong(x[ia[i]] ? 1 : 0, y[ib[i]] ? 1 : 0) != 0;
      }
      return NdArray.ofBooleans(out, r);
    }
    long[] x = a.longs();
    long[] y = b.longs();
    long[] r = new long[ia.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = op.f.applyAsLong(x[ia[i]], y[ib[i]]);
    }
    return NdArray.ofLongs(a.type(), out, r);
  }

  /** BitwiseNot-13: logical NOT on booleans, one's complement (wrapped to the type) on integers. */
  public static NdArray not(NdArray a) {
    checkType("BitwiseNot-13", a, 0);
    if (a.type() == ElementType.BOOLEAN) {
      return Elementwise.logicalNot(a);
    }
    long[] x = a.longs();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = ~x[i];
    }
    return NdArray.ofLongs(a.type(), a.shape(), r);
  }

  private static void checkType(String name, NdArray a, int port) {
    if (a.type() != ElementType.BOOLEAN && a.storage() != Storage.LONG) {
      throw new OpInputException(name, port, "must be an integer or boolean tensor, got " + a.type());
    }
  }
}
