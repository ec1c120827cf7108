package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Elementwise.BinaryOp;
import dev.jvino.engine.ref.Elementwise.Comparison;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void addBroadcastsNumpyStyle() {
    NdArray a = NdArray.f32(s(2, 1, 3), 1, 2, 3, 4, 5, 6);
    NdArray b = NdArray.f32(s(2, 1), 10, 20);
    NdArray r = Elementwise.add(a, b);
    assertArrayEquals(s(2, 2, 3), r.shape());
    assertArrayEquals(new float[] {11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26}, r.floats());
    // scalar operand, both orders
    assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12},
        Elementwise.multiply(a, NdArray.f32(s(), 2)).floats());
    assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4},
        Elementwise.subtract(NdArray.f32(s(), 10), a).floats());
  }

  @Test
  void incompatibleShapesNameTheOp() {
    NdArray a = NdArray.f32(s(2, 3), new float[6]);
    NdArray b = NdArray.f32(s(2), 1, 2);
    OpInputException e = assertThrows(OpInputException.class, () -> Elementwise.add(a, b));
    assertTrue(e.getMessage().startsWith("Add-1"), e.getMessage());
    assertThrows(OpInputException.class,
        () -> Elementwise.binary(BinaryOp.ADD, a, NdArray.f32(s(1, 3), 1, 2, 3), AutoBroadcast.NONE, true));
    assertThrows(OpInputException.class, () -> Elementwise.add(a, NdArray.i64(s(1), 1)));
  }

  @Test
  void pdpdBroadcastAlignsAtAxis() {
    NdArray a = NdArray.f32(s(2, 3, 2), new float[12]);
    NdArray b = NdArray.f32(s(3, 1), 1, 2, 3); // aligned at axis 1, trailing 1 dropped
    NdArray r = Elementwise.binary(BinaryOp.ADD, a, b, AutoBroadcast.pdpd(1), true);
    assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, r.floats());
  }

  @Test
  void f16MultiplyRoundsEachResult() {
    NdArray a = NdArray.f16(s(2), 0.1f, 1000f);
    NdArray b = NdArray.f16(s(2), 3f, 70f);
    NdArray r = Elementwise.multiply(a, b);
    assertEquals(ElementType.F16, r.type());
    // 0.0999755859375*3 = 0.2999267578125 = 1228.5 * 2^-12: a tie, rounds to even 1228 * 2^-12; 70000 -> inf
    assertArrayEquals(new float[] {0.2998046875f, Float.POSITIVE_INFINITY}, r.floats());
    NdArray c = Elementwise.add(NdArray.f16(s(1), 2048f), NdArray.f16(s(1), 1f));
    assertEquals(2048f, c.floats()[0]); // 2049 is not an f16 value; ties to even
  }

  @Test
  void integerArithmeticWrapsAndDividesLikeOpenVino() {
    NdArray a = NdArray.ofLongs(ElementType.I8, s(3), new long[] {100, -100, 7});
    NdArray b = NdArray.ofLongs(ElementType.I8, s(3), new long[] {100, -100, 2});
    assertArrayEquals(new long[] {-56, 56, 9}, Elementwise.add(a, b).longs());
    NdArray u = NdArray.ofLongs(ElementType.U8, s(1), new long[] {3});
    assertArrayEquals(new long[] {254}, Elementwise.subtract(u, NdArray.ofLongs(ElementType.U8, s(1), new long[] {5})).longs());
    NdArray x = NdArray.i32(s(4), 7, -7, 7, -7);
    NdArray y = NdArray.i32(s(4), 2, 2, -2, -2);
    assertArrayEquals(new long[] {3, -4, -4, 3}, Elementwise.divide(x, y).longs());
    assertArrayEquals(new long[] {3, -3, -3, 3},
        Elementwise.divide(x, y, false, AutoBroadcast.NUMPY).longs());
    OpInputException e = assertThrows(OpInputException.class,
        () -> Elementwise.divide(x, NdArray.i32(s(1), 0)));
    assertTrue(e.getMessage().contains("division by zero"));
    NdArray i32 = NdArray.i32(s(1), Integer.MAX_VALUE);
    assertArrayEquals(new long[] {Integer.MIN_VALUE}, Elementwise.add(i32, NdArray.i32(s(1), 1)).longs());
    assertArrayEquals(new long[] {8, 1}, Elementwise.power(NdArray.i64(s(2), 2, 5), NdArray.i64(s(2), 3, 0)).longs());
  }

  @Test
  void floatDivisionByZeroAndPythondivIgnored() {
    NdArray r = Elementwise.divide(NdArray.f32(s(3), 1, -1, 0), NdArray.f32(s(1), 0f), true, AutoBroadcast.NUMPY);
    assertEquals(Float.POSITIVE_INFINITY, r.floats()[0]);
    assertEquals(Float.NEGATIVE_INFINITY, r.floats()[1]);
    assertTrue(Float.isNaN(r.floats()[2]));
    assertArrayEquals(new float[] {-3.5f},
        Elementwise.divide(NdArray.f32(s(1), -7), NdArray.f32(s(1), 2)).floats());
  }

  @Test
  void powerMaxMinSquaredDifference() {
    NdArray a = NdArray.f32(s(3), 2, -1, 4);
    NdArray b = NdArray.f32(s(3), 3, 5, 0.5f);
    assertArrayEquals(new float[] {8, -1, 2}, Elementwise.power(a, b).floats());
    assertArrayEquals(new float[] {3, 5, 4}, Elementwise.maximum(a, b).floats());
    assertArrayEquals(new float[] {2, -1, 0.5f}, Elementwise.minimum(a, b).floats());
    assertArrayEquals(new float[] {1, 36, 12.25f}, Elementwise.squaredDifference(a, b).floats());
    NdArray u = NdArray.ofLongs(ElementType.U64, s(2), new long[] {-1, 5});
    NdArray v = NdArray.ofLongs(ElementType.U64, s(2), new long[] {1, 6});
    assertArrayEquals(new long[] {-1, 6}, Elementwise.maximum(u, v).longs());
    assertArrayEquals(new long[] {1, 1}, Elementwise.squaredDifference(
        NdArray.i64(s(2), 3, 4), NdArray.i64(s(2), 4, 3)).longs());
  }

  @Test
  void f16SquaredDifferenceRoundsTheDifferenceFirst() {
    // 1000.5 is exact in f16 (spacing 0.5 at 512..1024); 1000.5 - 0.0999755859375 = 1000.400... -> 1000.5
    NdArray r = Elementwise.squaredDifference(NdArray.f16(s(1), 1000.5f), NdArray.f16(s(1), 0.1f));
    assertEquals(Float.float16ToFloat(Float.floatToFloat16(1000.5f * 1000.5f)), r.floats()[0]);
  }

  @Test
  void comparisonsGiveBooleans() {
    NdArray a = NdArray.f32(s(2, 2), 1, 2, 3, Float.NaN);
    NdArray b = NdArray.f32(s(2), 2, 2);
    assertArrayEquals(new boolean[] {false, true, false, false}, Elementwise.equal(a, b).booleans());
    assertArrayEquals(new boolean[] {true, false, false, false}, Elementwise.less(a, b).booleans());
    assertArrayEquals(new boolean[] {false, false, true, false}, Elementwise.greater(a, b).booleans());
    assertArrayEquals(new boolean[] {false, true, true, false}, Elementwise.greaterEqual(a, b).booleans());
    assertArrayEquals(new boolean[] {true, false, true, true},
        Elementwise.compare(Comparison.NOT_EQUAL, a, b, AutoBroadcast.NUMPY).booleans());
    NdArray u = NdArray.ofLongs(ElementType.U64, s(1), new long[] {-1});
    assertArrayEquals(new boolean[] {true},
        Elementwise.greater(u, NdArray.ofLongs(ElementType.U64, s(1), new long[] {1})).booleans());
  }

  @Test
  void selectBroadcastsAllThree() {
    NdArray c = NdArray.bools(s(2, 1), true, false);
    NdArray t = NdArray.i64(s(3), 1, 2, 3);
    NdArray e = NdArray.i64(s(), -1);
    NdArray r = Elementwise.select(c, t, e, AutoBroadcast.NUMPY);
    assertArrayEquals(s(2, 3), r.shape());
    assertArrayEquals(new long[] {1, 2, 3, -1, -1, -1}, r.longs());
    assertThrows(OpInputException.class, () -> Elementwise.select(t, t, e, AutoBroadcast.NUMPY));
    // pdpd: cond [2] aligned at axis 0 of then [2, 3]
    NdArray then = NdArray.i64(s(2, 3), 1, 2, 3, 4, 5, 6);
    NdArray p = Elementwise.select(NdArray.bools(s(2), false, true), then, NdArray.i64(s(1), 0), AutoBroadcast.pdpd(0));
    assertArrayEquals(new long[] {0, 0, 0, 4, 5, 6}, p.longs());
  }

  @Test
  void logicalOps() {
    NdArray a = NdArray.bools(s(2, 2), true, true, false, false);
    NdArray b = NdArray.bools(s(2), true, false);
    assertArrayEquals(new boolean[] {true, false, false, false},
        Elementwise.logical(Elementwise.LogicalOp.AND, a, b, AutoBroadcast.NUMPY).booleans());
    assertArrayEquals(new boolean[] {true, true, true, false},
        Elementwise.logical(Elementwise.LogicalOp.OR, a, b, AutoBroadcast.NUMPY).booleans());
    assertArrayEquals(new boolean[] {false, true, true, false},
        Elementwise.logical(Elementwise.LogicalOp.XOR, a, b, AutoBroadcast.NUMPY).booleans());
    assertArrayEquals(new boolean[] {false, true}, Elementwise.logicalNot(b).booleans());
    assertThrows(OpInputException.class, () -> Elementwise.logicalNot(NdArray.f32(s(1), 1)));
  }

  @Test
  void bf16ArithmeticRoundsToBf16() {
    NdArray a = NdArray.ofFloats(ElementType.BF16, s(2), new float[] {1f, 256f});
    NdArray b = NdArray.ofFloats(ElementType.BF16, s(2), new float[] {0.00390625f, 1f});
    // 1 + 2^-8 is a tie between 1 and 1 + 2^-7 -> 1; 257 is a tie between 256 and 258 -> 256
    assertArrayEquals(new float[] {1f, 256f}, Elementwise.add(a, b).floats());
    assertEquals(ElementType.BF16, Elementwise.add(a, b).type());
  }
}
