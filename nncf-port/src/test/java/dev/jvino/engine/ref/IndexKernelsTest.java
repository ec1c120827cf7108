package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed cases (most from the OpenVINO operation specs' examples) through the registry's IR parsing. */
class IndexKernelsTest {
  private static long[] s(long... d) {
    return d;
  }

  private static NdArray run(String type, int version, Map<String, String> attrs, NdArray... in) {
    return KernelRegistry.evaluate(type, version, List.of(in), attrs).get(0);
  }

  @Test
  void scatterUpdateReplacesSlicesAlongTheAxis() {
    NdArray data = NdArray.f32(s(3, 5), -1, 1, -1, 3, 4, -1, 6, -1, 8, 9, -1, 11, 1, 13, 14);
    NdArray y = run("ScatterUpdate", 3, Map.of(), data, NdArray.i64(s(2), 0, 2),
        NdArray.f32(s(3, 2), 1, 1, 1, 1, 1, 2), NdArray.i64(s(1), 1));
    assertArrayEquals(new float[] {1, 1, 1, 3, 4, 1, 6, 1, 8, 9, 1, 11, 2, 13, 14}, y.floats());
    // 2-D indices on axis 0 of a [4, 2] tensor: updates [2, 2, 2]
    NdArray y2 = run("ScatterUpdate", 3, Map.of(), NdArray.i32(s(4, 2), 0, 0, 0, 0, 0, 0, 0, 0),
        NdArray.i64(s(2, 2), 3, 0, 1, 2), NdArray.i32(s(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8), NdArray.scalarLong(0));
    assertArrayEquals(new long[] {3, 4, 5, 6, 7, 8, 1, 2}, y2.longs());
    assertThrows(OpInputException.class, () -> run("ScatterUpdate", 3, Map.of(), data, NdArray.i64(s(2), 0, -1),
        NdArray.f32(s(3, 2), 1, 1, 1, 1, 1, 2), NdArray.i64(s(1), 1)));
    OpInputException e = assertThrows(OpInputException.class, () -> run("ScatterUpdate", 3, Map.of(), data,
        NdArray.i64(s(2), 0, 2), NdArray.f32(s(2, 3), 1, 1, 1, 1, 1, 2), NdArray.i64(s(1), 1)));
    assertEquals(2, e.input());
  }

  @Test
  void scatterElementsUpdateReductionsFollowTheSpecExamples() {
    NdArray data = NdArray.f32(s(4), 2, 3, 4, 6);
    NdArray upd = NdArray.f32(s(6), 10, 20, 30, 40, 70, 60);
    NdArray axis = NdArray.i64(s(1), 0);
    assertArrayEquals(new float[] {52, 13, 104, 76}, run("ScatterElementsUpdate", 12,
        Map.of("reduction", "sum", "use_init_val", "true"), data, NdArray.i64(s(6), 1, 0, 0, -2, -1, 2), upd, axis)
        .floats());
    assertArrayEquals(new float[] {50, 10, 100, 70}, run("ScatterElementsUpdate", 12,
        Map.of("reduction", "sum", "use_init_val", "false"), data, NdArray.i64(s(6), 1, 0, 0, 2, 3, 2), upd, axis)
        .floats());
    NdArray ones = NdArray.i32(s(3, 4), 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    NdArray idx = NdArray.i64(s(2, 2), 1, 1, 0, 3);
    NdArray u = NdArray.i32(s(2, 2), 11, 12, 13, 14);
    assertArrayEquals(new long[] {1, 24, 1, 1, 14, 1, 1, 15, 1, 1, 1, 1}, run("ScatterElementsUpdate", 12,
        Map.of("reduction", "sum"), ones, idx, u, NdArray.i64(s(1), 1)).longs());
    NdArray twos = NdArray.i32(s(3, 4), 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
    assertArrayEquals(new long[] {2, 264, 2, 2, 26, 2, 2, 28, 2, 2, 2, 2}, run("ScatterElementsUpdate", 12,
        Map.of("reduction", "prod"), twos, idx, u, NdArray.i64(s(1), 1)).longs());
    // none: last write wins; v3 behaves the same
    NdArray zeros = NdArray.i32(s(3, 4), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    NdArray idx3 = NdArray.i64(s(2, 2), 1, 2, 0, 3);
    long[] expected = {0, 11, 12, 0, 13, 0, 0, 14, 0, 0, 0, 0};
    assertArrayEquals(expected, run("ScatterElementsUpdate", 12, Map.of(), zeros, idx3, u, NdArray.i64(s(1), 1)).longs());
    assertArrayEquals(expected, run("ScatterElementsUpdate", 3, Map.of(), zeros, idx3, u, NdArray.i64(s(1), 1)).longs());
  }

  @Test
  void scatterElementsUpdateMeanMinMaxAndBooleans() {
    NdArray data = NdArray.i32(s(3), 10, -7, 5);
    NdArray idx = NdArray.i64(s(4), 0, 0, 1, 1);
    NdArray upd = NdArray.i32(s(4), 1, 2, 0, 0);
    NdArray axis = NdArray.scalarLong(0);
    // mean with init: (10+1+2)/3 = 4.33 -> 4; (-7+0+0)/3 = -2.33 -> floor -3
    assertArrayEquals(new long[] {4, -3, 5}, run("ScatterElementsUpdate", 12, Map.of("reduction", "mean"), data,
        idx, upd, axis).longs());
    // mean without init: (1+2)/2 = 1.5 -> 1; 0
    assertArrayEquals(new long[] {1, 0, 5}, run("ScatterElementsUpdate", 12, Map.of("reduction", "mean",
        "use_init_val", "false"), data, idx, upd, axis).longs());
    NdArray fd = NdArray.f32(s(2), 1, 1);
    assertArrayEquals(new float[] {2.5f, 1}, run("ScatterElementsUpdate", 12, Map.of("reduction", "mean",
        "use_init_val", "false"), fd, NdArray.i64(s(2), 0, 0), NdArray.f32(s(2), 2, 3), axis).floats());
    assertArrayEquals(new long[] {1, -7, 5}, run("ScatterElementsUpdate", 12, Map.of("reduction", "min"), data,
        idx, upd, axis).longs());
    assertArrayEquals(new long[] {1, 0, 5}, run("ScatterElementsUpdate", 12, Map.of("reduction", "min",
        "use_init_val", "false"), data, idx, upd, axis).longs());
    assertArrayEquals(new long[] {10, 0, 5}, run("ScatterElementsUpdate", 12, Map.of("reduction", "max"), data,
        idx, upd, axis).longs());
    NdArray b = NdArray.bools(s(2), false, true);
    NdArray bu = NdArray.bools(s(2), true, false);
    NdArray bi = NdArray.i64(s(2), 0, 1);
    assertArrayEquals(new boolean[] {true, true}, run("ScatterElementsUpdate", 12, Map.of("reduction", "sum"), b, bi,
        bu, axis).booleans());
    assertArrayEquals(new boolean[] {false, false}, run("ScatterElementsUpdate", 12, Map.of("reduction", "prod"), b,
        bi, bu, axis).booleans());
    OpAttributeException e = assertThrows(OpAttributeException.class, () -> run("ScatterElementsUpdate", 12,
        Map.of("reduction", "mean"), b, bi, bu, axis));
    assertEquals("reduction", e.attribute());
    assertEquals("ScatterElementsUpdate-12", e.op());
    assertThrows(OpAttributeException.class, () -> run("ScatterElementsUpdate", 12, Map.of("reduction", "sub"),
        data, idx, upd, axis));
    assertThrows(OpInputException.class, () -> run("ScatterElementsUpdate", 12, Map.of(), data,
        NdArray.i64(s(4), 0, 3, 1, 1), upd, axis));
  }

  @Test
  void scatterNdUpdateFollowsTheSpecExamples() {
    NdArray data = NdArray.f32(s(8), 1, 2, 3, 4, 5, 6, 7, 8);
    NdArray y = run("ScatterNDUpdate", 3, Map.of(), data, NdArray.i64(s(6, 1), 4, 3, 1, 7, -2, -4),
        NdArray.f32(s(6), 9, 10, 11, 12, 13, 14));
    assertArrayEquals(new float[] {1, 11, 3, 10, 14, 6, 13, 12}, y.floats());
    NdArray d4 = NdArray.i32(s(4), 1, 2, 3, 4);
    NdArray i5 = NdArray.i32(s(5, 1), 0, 2, -3, -3, 0);
    NdArray u5 = NdArray.i32(s(5), 10, 20, 30, 40, 50);
    assertArrayEquals(new long[] {50, 40, 20, 4}, run("ScatterNDUpdate", 15, Map.of("reduction", "none"), d4, i5, u5)
        .longs());
    assertArrayEquals(new long[] {61, 72, 23, 4}, run("ScatterNDUpdate", 15, Map.of("reduction", "sum"), d4, i5, u5)
        .longs());
    assertArrayEquals(new long[] {-59, -68, -17, 4}, run("ScatterNDUpdate", 15, Map.of("reduction", "sub"), d4, i5,
        u5).longs());
    assertArrayEquals(new long[] {500, 2400, 60, 4}, run("ScatterNDUpdate", 15, Map.of("reduction", "prod"), d4, i5,
        u5).longs());
    assertArrayEquals(new long[] {1, 2, 3, 4}, run("ScatterNDUpdate", 15, Map.of("reduction", "min"), d4, i5, u5)
        .longs());
    assertArrayEquals(new long[] {50, 40, 20, 4}, run("ScatterNDUpdate", 15, Map.of("reduction", "max"), d4, i5, u5)
        .longs());
    // slices: indices [[0],[2]] into [3, 2]
    NdArray m = NdArray.f32(s(3, 2), 1, 2, 3, 4, 5, 6);
    assertArrayEquals(new float[] {7, 8, 3, 4, 9, 10}, run("ScatterNDUpdate", 15, Map.of(), m,
        NdArray.i64(s(2, 1), 0, 2), NdArray.f32(s(2, 2), 7, 8, 9, 10)).floats());
    NdArray bools = NdArray.bools(s(2), true, false);
    assertArrayEquals(new boolean[] {false, true}, run("ScatterNDUpdate", 15, Map.of("reduction", "sub"), bools,
        NdArray.i64(s(2, 1), 0, 1), NdArray.bools(s(2), true, true)).booleans());
    assertThrows(OpInputException.class, () -> run("ScatterNDUpdate", 15, Map.of(), d4, NdArray.i64(s(1, 1), 4),
        NdArray.i32(s(1), 1)));
    assertThrows(OpAttributeException.class, () -> run("ScatterNDUpdate", 15, Map.of("reduction", "mean"), d4, i5,
        u5));
  }

  @Test
  void gatherElementsFollowsTheSpecExamples() {
    NdArray d = NdArray.i32(s(2, 2), 1, 2, 3, 4);
    assertArrayEquals(new long[] {1, 4, 1, 2}, run("GatherElements", 6, Map.of("axis", "0"), d,
        NdArray.i64(s(2, 2), 0, 1, 0, 0)).longs());
    NdArray y = run("GatherElements", 6, Map.of("axis", "-1"), NdArray.i32(s(2, 2), 1, 7, 4, 3),
        NdArray.i64(s(2, 3), 1, 1, 0, 1, 0, 1));
    assertArrayEquals(s(2, 3), y.shape());
    assertArrayEquals(new long[] {7, 7, 1, 3, 4, 3}, y.longs());
    assertArrayEquals(new long[] {4, 2, 6, 4, 8, 3}, run("GatherElements", 6, Map.of("axis", "0"),
        NdArray.i32(s(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9), NdArray.i64(s(2, 3), 1, 0, 1, 1, 2, 0)).longs());
    assertThrows(OpInputException.class, () -> run("GatherElements", 6, Map.of("axis", "0"), d,
        NdArray.i64(s(2, 2), 0, 2, 0, 0)));
    assertThrows(OpAttributeException.class, () -> run("GatherElements", 6, Map.of(), d, NdArray.i64(s(2, 2), 0, 0, 0, 0)));
  }

  @Test
  void gatherNdVersionsDifferOnlyInTheBatchShape() {
    NdArray d = NdArray.i32(s(2, 2), 1, 2, 3, 4);
    assertArrayEquals(new long[] {1, 3}, run("GatherND", 8, Map.of(), d, NdArray.i64(s(2, 2), 0, 0, 1, 0)).longs());
    NdArray sl = run("GatherND", 5, Map.of(), d, NdArray.i64(s(2, 1, 1), 1, 0));
    assertArrayEquals(s(2, 1, 2), sl.shape());
    assertArrayEquals(new long[] {3, 4, 1, 2}, sl.longs());
    assertArrayEquals(new long[] {2, 3}, run("GatherND", 8, Map.of("batch_dims", "1"), d, NdArray.i64(s(2, 1), 1, 0))
        .longs());
    long[] v = new long[24];
    for (int i = 0; i < 24; i++) {
      v[i] = i + 1;
    }
    NdArray d3 = NdArray.i64(s(2, 3, 4), v);
    NdArray idx = NdArray.i64(s(2, 3, 1, 1), 1, 0, 2, 0, 2, 2);
    NdArray y8 = run("GatherND", 8, Map.of("batch_dims", "2"), d3, idx);
    assertArrayEquals(s(2, 3, 1), y8.shape());
    assertArrayEquals(new long[] {2, 5, 11, 13, 19, 23}, y8.longs());
    NdArray y5 = run("GatherND", 5, Map.of("batch_dims", "2"), d3, idx);
    assertArrayEquals(s(6, 1), y5.shape());
    assertArrayEquals(y8.longs(), y5.longs());
    assertArrayEquals(new long[] {4, 1}, run("GatherND", 8, Map.of(), d, NdArray.i64(s(2, 2), -1, -1, 0, -2))
        .longs());
    assertThrows(OpAttributeException.class, () -> run("GatherND", 8, Map.of("batch_dims", "2"), d,
        NdArray.i64(s(2, 1), 1, 0)));
    assertThrows(OpInputException.class, () -> run("GatherND", 8, Map.of(), d, NdArray.i64(s(1, 2), 2, 0)));
  }

  @Test
  void topKModesSortsAndStability() {
    NdArray x = NdArray.f32(s(6), 5, 3, 1, 2, 5, 5);
    List<NdArray> r = KernelRegistry.evaluate("TopK", 11, List.of(x, NdArray.scalarLong(4)),
        Map.of("axis", "0", "mode", "min", "sort", "index", "stable", "true"));
    assertArrayEquals(new float[] {5, 3, 1, 2}, r.get(0).floats());
    assertArrayEquals(new long[] {0, 1, 2, 3}, r.get(1).longs());
    assertEquals(ElementType.I32, r.get(1).type());
    r = KernelRegistry.evaluate("TopK", 11, List.of(x, NdArray.scalarLong(4)),
        Map.of("axis", "0", "mode", "max", "sort", "value", "index_element_type", "i64"));
    assertArrayEquals(new float[] {5, 5, 5, 3}, r.get(0).floats());
    assertArrayEquals(new long[] {0, 4, 5, 1}, r.get(1).longs());
    assertEquals(ElementType.I64, r.get(1).type());
    r = KernelRegistry.evaluate("TopK", 3, List.of(x, NdArray.scalarLong(3)),
        Map.of("axis", "-1", "mode", "min", "sort", "value"));
    assertArrayEquals(new float[] {1, 2, 3}, r.get(0).floats());
    assertArrayEquals(new long[] {2, 3, 1}, r.get(1).longs());
    // axis 0 of a [3, 2] matrix, k larger than the axis is clamped
    NdArray m = NdArray.i32(s(3, 2), 4, 9, 8, 1, 6, 5);
    r = KernelRegistry.evaluate("TopK", 1, List.of(m, NdArray.scalarLong(2)),
        Map.of("axis", "0", "mode", "max", "sort", "index"));
    assertArrayEquals(s(2, 2), r.get(0).shape());
    assertArrayEquals(new long[] {8, 9, 6, 5}, r.get(0).longs());
    assertArrayEquals(new long[] {1, 0, 2, 2}, r.get(1).longs());
    r = KernelRegistry.evaluate("TopK", 11, List.of(NdArray.f32(s(3), 1, Float.NaN, 2), NdArray.scalarLong(9)),
        Map.of("axis", "0", "mode", "max", "sort", "value"));
    assertArrayEquals(s(3), r.get(0).shape());
    assertArrayEquals(new long[] {1, 2, 0}, r.get(1).longs());
    assertThrows(OpAttributeException.class, () -> KernelRegistry.evaluate("TopK", 11, List.of(x,
        NdArray.scalarLong(1)), Map.of("axis", "0", "mode", "median", "sort", "value")));
    assertThrows(OpAttributeException.class, () -> KernelRegistry.evaluate("TopK", 11, List.of(x,
        NdArray.scalarLong(1)), Map.of("axis", "0", "mode", "max", "sort", "value", "index_element_type", "f32")));
    assertThrows(OpAttributeException.class, () -> KernelRegistry.evaluate("TopK", 11, List.of(x,
        NdArray.scalarLong(1)), Map.of("axis", "0", "mode", "max", "sort", "value", "stable", "maybe")));
    assertThrows(OpInputException.class, () -> KernelRegistry.evaluate("TopK", 11, List.of(x,
        NdArray.scalarLong(-1)), Map.of("axis", "0", "mode", "max", "sort", "value")));
  }

  @Test
  void nonZeroListsCoordinatesColumnByColumn() {
    NdArray x = NdArray.f32(s(2, 3, 2), 0, 2, 0, 0, 3, 4, 5, 0, 6, 0, 7, 8);
    NdArray y = run("NonZero", 3, Map.of(), x);
    assertEquals(ElementType.I64, y.type());
    assertArrayEquals(s(3, 7), y.shape());
    assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 1, 0, 2, 2, 0, 1, 2, 2, 1, 0, 1, 0, 0, 0, 1}, y.longs());
    NdArray y32 = run("NonZero", 3, Map.of("output_type", "i32"), NdArray.bools(s(3), false, true, true));
    assertEquals(ElementType.I32, y32.type());
    assertArrayEquals(new long[] {1, 2}, y32.longs());
    assertArrayEquals(s(1, 1), run("NonZero", 3, Map.of(), NdArray.scalar(ElementType.F32, 3)).shape());
    assertArrayEquals(s(0, 0), run("NonZero", 3, Map.of(), NdArray.scalar(ElementType.F32, 0)).shape());
    assertArrayEquals(s(1, 0), run("NonZero", 3, Map.of(), NdArray.i32(s(2), 0, 0)).shape());
    assertThrows(OpAttributeException.class, () -> run("NonZero", 3, Map.of("output_type", "u8"), x));
  }

  @Test
  void einsumFollowsTheSpecExamples() {
    NdArray a1 = NdArray.f32(s(3), 1, 2, 3);
    NdArray a2 = NdArray.f32(s(3), 4, 5, 6);
    assertArrayEquals(new float[] {32}, run("Einsum", 7, Map.of("equation", "i,i->"), a1, a2).floats());
    NdArray a = NdArray.f32(s(2, 3), 1, 2, 3, 1, 2, 3);
    assertArrayEquals(new float[] {32, 32}, run("Einsum", 7, Map.of("equation", "ij,j->i"), a, a2).floats());
    NdArray k = NdArray.f32(s(2, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 4, 6, 8, 10, 12, 14, 16, 18);
    assertArrayEquals(new float[] {15, 30}, run("Einsum", 7, Map.of("equation", "kii->k"), k).floats());
    assertArrayEquals(new float[] {1, 5, 9, 2, 10, 18}, run("Einsum", 7, Map.of("equation", "kii->ki"), k).floats());
    NdArray t = NdArray.f32(s(1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    NdArray tr = run("Einsum", 7, Map.of("equation", "ijk->kij"), t);
    assertArrayEquals(s(3, 1, 3), tr.shape());
    assertArrayEquals(new float[] {1, 4, 7, 2, 5, 8, 3, 6, 9}, tr.floats());
    NdArray sq = NdArray.f32(s(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertArrayEquals(new float[] {12, 15, 18}, run("Einsum", 7, Map.of("equation", "a...->..."), sq).floats());
    assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4, 4.5f}, run("Einsum", 7,
        Map.of("equation", "a...,...->a..."), sq, NdArray.f32(s(1), 0.5f)).floats());
    NdArray imp = run("Einsum", 7, Map.of("equation", "AbC"), NdArray.f32(s(1, 2, 3), 1, 2, 3, 4, 5, 6));
    assertArrayEquals(s(1, 3, 2), imp.shape());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, imp.floats());
    // implicit matmul, three operands, spaces, integers
    NdArray ia = NdArray.i32(s(2, 2), 1, 2, 3, 4);
    NdArray ib = NdArray.i32(s(2, 2), 5, 6, 7, 8);
    assertArrayEquals(new long[] {19, 22, 43, 50}, run("Einsum", 7, Map.of("equation", "ij, jk"), ia, ib).longs());
    assertArrayEquals(new long[] {1 * 5 * 1 + 2 * 7 * 1 + 1 * 6 * 2 + 2 * 8 * 2}, run("Einsum", 7,
        Map.of("equation", "j,jk,k->"), NdArray.i32(s(2), 1, 2), ib, NdArray.i32(s(2), 1, 2)).longs());
  }

  @Test
  void einsumRejectsBadEquationsWithTypedErrors() {
    NdArray m = NdArray.f32(s(2, 3), 1, 2, 3, 4, 5, 6);
    assertEquals("equation", assertThrows(OpAttributeException.class,
        () -> run("Einsum", 7, Map.of("equation", "ij->k"), m)).attribute());
    assertThrows(OpAttributeException.class, () -> run("Einsum", 7, Map.of("equation", "i1->i"), m));
    assertThrows(OpAttributeException.class, () -> run("Einsum", 7, Map.of("equation", "ij->ii"), m));
    assertThrows(OpInputException.class, () -> run("Einsum", 7, Map.of("equation", "ijk->i"), m));
    assertThrows(OpInputException.class, () -> run("Einsum", 7, Map.of("equation", "ii->i"), m));
    assertThrows(OpInputException.class, () -> run("Einsum", 7, Map.of("equation", "ij,ij->i"), m,
        NdArray.f32(s(2, 2), 1, 2, 3, 4)));
    assertThrows(OpInputException.class, () -> run("Einsum", 7, Map.of("equation", "ij,ij->i"), m,
        NdArray.i32(s(2, 3), 1, 2, 3, 4, 5, 6)));
  }

  @Test
  void everyIndexingOpIsRegisteredInItsVersions() {
    var all = KernelRegistry.supported();
    assertEquals(List.of(3), all.get("ScatterUpdate"));
    assertEquals(List.of(3, 12), all.get("ScatterElementsUpdate"));
    assertEquals(List.of(3, 15), all.get("ScatterNDUpdate"));
    assertEquals(List.of(6), all.get("GatherElements"));
    assertEquals(List.of(5, 8), all.get("GatherND"));
    assertEquals(List.of(1, 3, 11), all.get("TopK"));
    assertEquals(List.of(3), all.get("NonZero"));
    assertEquals(List.of(7), all.get("Einsum"));
  }
}
