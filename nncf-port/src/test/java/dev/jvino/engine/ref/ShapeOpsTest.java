package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Indexing.BroadcastMode;
import dev.jvino.engine.ref.Slicing.StridedSliceAttrs;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
  private static long[] s(long... d) {
    return d;
  }

  private static NdArray iota(long... shape) {
    int n = dev.jvino.engine.tensor.Shapes.size(shape);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return NdArray.f32(shape, v);
  }

  @Test
  void reshapeWithSpecialZeroAndMinusOne() {
    NdArray x = iota(2, 3, 4);
    assertArrayEquals(s(2, 12), ShapeOps.reshape(x, NdArray.vector(0, -1), true).shape());
    assertArrayEquals(s(4, 6), ShapeOps.reshape(x, NdArray.vector(4, -1), false).shape());
    assertArrayEquals(s(3, 8), ShapeOps.reshape(x, NdArray.vector(-1, 8), true).shape());
    assertThrows(OpInputException.class, () -> ShapeOps.reshape(x, NdArray.vector(0, -1), false));
    assertThrows(OpInputException.class, () -> ShapeOps.reshape(x, NdArray.vector(5, -1), false));
    assertThrows(OpInputException.class, () -> ShapeOps.reshape(x, NdArray.vector(-1, -1), false));
  }

  @Test
  void transposeWithPermutationAndDefault() {
    NdArray x = iota(2, 3);
    NdArray t = ShapeOps.transpose(x, NdArray.vector(1, 0));
    assertArrayEquals(s(3, 2), t.shape());
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.floats());
    assertEquals(t, ShapeOps.transpose(x, NdArray.vector()));
    NdArray y = iota(2, 2, 3);
    NdArray u = ShapeOps.transpose(y, NdArray.vector(2, 0, -2));
    assertArrayEquals(s(3, 2, 2), u.shape());
    assertArrayEquals(new float[] {0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}, u.floats());
    assertThrows(OpInputException.class, () -> ShapeOps.transpose(y, NdArray.vector(0, 0, 1)));
  }

  @Test
  void squeezeUnsqueeze() {
    NdArray x = iota(1, 3, 1, 2);
    assertArrayEquals(s(3, 2), ShapeOps.squeeze(x, null).shape());
    assertArrayEquals(s(1, 3, 2), ShapeOps.squeeze(x, NdArray.vector(-2)).shape());
    assertThrows(OpInputException.class, () -> ShapeOps.squeeze(x, NdArray.vector(1)));
    assertArrayEquals(s(3, 2), ShapeOps.squeeze(x, NdArray.vector(0, 1, 2), true).shape());
    assertArrayEquals(s(1, 2, 1, 3), ShapeOps.unsqueeze(iota(2, 3), NdArray.vector(0, -2)).shape());
    assertThrows(OpInputException.class, () -> ShapeOps.unsqueeze(iota(2), NdArray.vector(1, 1)));
  }

  @Test
  void shapeOfConcatSplit() {
    NdArray x = iota(2, 3);
    NdArray sh = ShapeOps.shapeOf(x, ElementType.I64);
    assertEquals(NdArray.vector(2, 3), sh);
    assertEquals(ElementType.I32, ShapeOps.shapeOf(x, ElementType.I32).type());
    NdArray c = ShapeOps.concat(List.of(x, iota(2, 1)), -1);
    assertArrayEquals(s(2, 4), c.shape());
    assertArrayEquals(new float[] {0, 1, 2, 0, 3, 4, 5, 1}, c.floats());
    assertThrows(OpInputException.class, () -> ShapeOps.concat(List.of(x, iota(3, 1)), 1));
    List<NdArray> parts = ShapeOps.split(x, NdArray.scalarLong(1), 3);
    assertEquals(3, parts.size());
    assertArrayEquals(new float[] {1, 4}, parts.get(1).floats());
    assertThrows(OpAttributeException.class, () -> ShapeOps.split(x, NdArray.scalarLong(1), 2));
    List<NdArray> v = ShapeOps.variadicSplit(x, NdArray.scalarLong(-1), NdArray.vector(1, -1));
    assertArrayEquals(s(2, 2), v.get(1).shape());
    assertArrayEquals(new float[] {1, 2, 4, 5}, v.get(1).floats());
    assertThrows(OpInputException.class,
        () -> ShapeOps.variadicSplit(x, NdArray.scalarLong(1), NdArray.vector(1, 1)));
  }

  @Test
  void gatherWithNegativeIndicesBatchDimsAndOutOfRange() {
    NdArray x = iota(3, 2);
    NdArray g = Indexing.gather(x, NdArray.i64(s(2), 2, -3), NdArray.scalarLong(0), 0);
    assertArrayEquals(s(2, 2), g.shape());
    assertArrayEquals(new float[] {4, 5, 0, 1}, g.floats());
    NdArray g2 = Indexing.gather(x, NdArray.i64(s(2, 2), 1, 0, 0, 0), NdArray.scalarLong(-1), 0);
    assertArrayEquals(s(3, 2, 2), g2.shape());
    assertArrayEquals(new float[] {1, 0, 0, 0, 3, 2, 2, 2, 5, 4, 4, 4}, g2.floats());
    NdArray scalarIdx = Indexing.gather(x, NdArray.scalarLong(1), NdArray.scalarLong(0), 0);
    assertArrayEquals(s(2), scalarIdx.shape());
    assertArrayEquals(new float[] {2, 3}, scalarIdx.floats());
    // batch_dims = 1: row b picks its own columns
    NdArray bd = Indexing.gather(x, NdArray.i64(s(3, 1), 1, 0, 1), NdArray.scalarLong(1), -1);
    assertArrayEquals(s(3, 1), bd.shape());
    assertArrayEquals(new float[] {1, 2, 5}, bd.floats());
    NdArray oob = Indexing.gather(x, NdArray.i64(s(1), 7), NdArray.scalarLong(0), 0);
    assertArrayEquals(new float[] {0, 0}, oob.floats());
    assertThrows(OpAttributeException.class,
        () -> Indexing.gather(x, NdArray.i64(s(1), 0), NdArray.scalarLong(2), 0));
  }

  @Test
  void broadcastModes() {
    NdArray x = iota(3, 1);
    NdArray n = Indexing.broadcast(x, NdArray.vector(2, 3, 2), null, BroadcastMode.NUMPY);
    assertArrayEquals(s(2, 3, 2), n.shape());
    assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2}, n.floats());
    NdArray b = Indexing.broadcast(x, NdArray.vector(2, 1, 4), null, BroadcastMode.BIDIRECTIONAL);
    assertArrayEquals(s(2, 3, 4), b.shape());
    NdArray e = Indexing.broadcast(iota(2), NdArray.vector(2, 3), NdArray.vector(0), BroadcastMode.EXPLICIT);
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, e.floats());
    assertThrows(OpInputException.class,
        () -> Indexing.broadcast(iota(2), NdArray.vector(3), null, BroadcastMode.NUMPY));
    // pdpd: [3, 1] drops its trailing 1 and aligns with the last target dimension
    NdArray p = Indexing.broadcast(iota(3, 1), NdArray.vector(2, 3), null, BroadcastMode.PDPD);
    assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, p.floats());
  }

  @Test
  void rangeOfIntegersAndFloats() {
    NdArray r = Indexing.range(NdArray.scalarLong(1), NdArray.scalarLong(10), NdArray.scalarLong(3), ElementType.I64);
    assertEquals(NdArray.vector(1, 4, 7), r);
    NdArray d = Indexing.range(NdArray.scalarLong(5), NdArray.scalarLong(0), NdArray.scalarLong(-2), ElementType.I32);
    assertArrayEquals(new long[] {5, 3, 1}, d.longs());
    NdArray f = Indexing.range(NdArray.f32(s(), 0), NdArray.f32(s(), 1), NdArray.f32(s(), 0.25f), ElementType.F32);
    assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f}, f.floats());
    assertEquals(0, Indexing.range(NdArray.scalarLong(3), NdArray.scalarLong(1), NdArray.scalarLong(1), ElementType.I64).size());
    assertThrows(OpInputException.class,
        () -> Indexing.range(NdArray.scalarLong(0), NdArray.scalarLong(1), NdArray.scalarLong(0), ElementType.I64));
  }

  @Test
  void stridedSliceMasks() {
    NdArray x = iota(2, 3, 4);
    // x[:, 1:, ::-2]
    NdArray a = Slicing.stridedSlice(x, NdArray.vector(0, 1, -1), NdArray.vector(0, 3, -5),
        NdArray.vector(1, 1, -2), new StridedSliceAttrs(s(1, 0, 0), s(1, 1, 0), s(), s(), s()));
    assertArrayEquals(s(2, 2, 2), a.shape());
    assertArrayEquals(new float[] {7, 5, 11, 9, 19, 17, 23, 21}, a.floats());
    // x[1, np.newaxis, ..., 2]  -> shape [1, 3]
    NdArray b = Slicing.stridedSlice(x, NdArray.vector(1, 0, 0, 2), NdArray.vector(2, 0, 0, 3),
        null, new StridedSliceAttrs(s(), s(), s(0, 1, 0, 0), s(1, 0, 0, 1), s(0, 0, 1, 0)));
    assertArrayEquals(s(1, 3), b.shape());
    assertArrayEquals(new float[] {14, 18, 22}, b.floats());
    // x[..., -1] with begin past the end clamped: x[:, 5:, :] is empty
    NdArray c = Slicing.stridedSlice(x, NdArray.vector(0, 5), NdArray.vector(2, 9), null, StridedSliceAttrs.none());
    assertArrayEquals(s(2, 0, 4), c.shape());
    assertThrows(OpAttributeException.class,
        () -> new StridedSliceAttrs(s(), s(), s(), s(), s(1, 1)));
    assertThrows(OpInputException.class, () -> Slicing.stridedSlice(x, NdArray.vector(0),
        NdArray.vector(1), NdArray.vector(0), StridedSliceAttrs.none()));
  }

  @Test
  void sliceV8() {
    NdArray x = iota(3, 5);
    // x[:, 4:0:-2] via axes [1]
    NdArray a = Slicing.slice(x, NdArray.vector(4), NdArray.vector(0), NdArray.vector(-2), NdArray.vector(-1));
    assertArrayEquals(s(3, 2), a.shape());
    assertArrayEquals(new float[] {4, 2, 9, 7, 14, 12}, a.floats());
    NdArray b = Slicing.slice(x, NdArray.vector(-2, 1), NdArray.vector(Long.MAX_VALUE, 3), NdArray.vector(1, 1), null);
    assertArrayEquals(s(2, 2), b.shape());
    assertArrayEquals(new float[] {6, 7, 11, 12}, b.floats());
  }
}
