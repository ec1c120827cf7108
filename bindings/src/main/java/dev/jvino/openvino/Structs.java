package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves shapes between Java and the C structs. Structs built for a call live in the caller's arena
 * or are created by the C API and released with their own free function; structs the API filled
 * are read and freed with {@code ov_shape_free} / {@code ov_partial_shape_free}.
 */
final class Structs {
  private Structs() {}

  /**
   * An {@code ov_shape_t} for {@code shape}, ready to pass by value. Rank > 0 goes through
   * {@code ov_shape_create} and must be released with {@link #freeShape}; rank 0 is built directly
   * (the API rejects rank 0) with {@code dims = NULL}.
   */
  static MemorySegment shape(Native rt, Arena arena, Shape shape) {
    MemorySegment s = arena.allocate(CTypes.SHAPE);
    if (shape.rank() == 0) {
      return s;
    }
    MemorySegment dims = arena.allocateFrom(ValueLayout.JAVA_LONG, shape.dims());
    rt.check("ov_shape_create", (long) shape.rank(), dims, s);
    return s;
  }

  /** Releases a shape from {@link #shape} (no-op for rank 0). */
  static void freeShape(Native rt, MemorySegment s) {
    if (!s.get(ValueLayout.ADDRESS, 8).equals(MemorySegment.NULL)) {
      rt.check("ov_shape_free", s);
    }
  }

  /** Reads an {@code ov_shape_t} the API filled and frees its dims with {@code ov_shape_free}. */
  static Shape takeShape(Native rt, MemorySegment s) {
    long rank = s.get(ValueLayout.JAVA_LONG, 0);
    MemorySegment dims = s.get(ValueLayout.ADDRESS, 8);
    if (rank == 0 || dims.equals(MemorySegment.NULL)) {
      return Shape.of();
    }
    long[] d = dims.reinterpret(rank * 8).toArray(ValueLayout.JAVA_LONG);
    rt.check("ov_shape_free", s);
    return Shape.of(d);
  }

  /**
   * An {@code ov_partial_shape_t} created by the API: {@code ov_partial_shape_create_static} when
   * every dimension is static and positive, {@code ov_partial_shape_create_dynamic} for a dynamic rank,
   * otherwise {@code ov_partial_shape_create}. Release with {@link #freePartialShape}.
   */
  static MemorySegment partialShape(Native rt, Arena arena, PartialShape ps) {
    MemorySegment out = arena.allocate(CTypes.PARTIAL_SHAPE);
    if (!ps.hasStaticRank()) {
      MemorySegment rank = arena.allocate(CTypes.RANK);
      rank.set(ValueLayout.JAVA_LONG, 0, -1L);
      rank.set(ValueLayout.JAVA_LONG, 8, -1L);
      rt.check("ov_partial_shape_create_dynamic", rank, MemorySegment.NULL, out);
      return out;
    }
    List<Dimension> dims = ps.dims();
    boolean positiveStatic = dims.stream().allMatch(d -> d.isStatic() && d.min() > 0);
    if (positiveStatic) {
      long[] d = dims.stream().mapToLong(Dimension::min).toArray();
      rt.check("ov_partial_shape_create_static", (long) d.length, arena.allocateFrom(ValueLayout.JAVA_LONG, d), out);
    } else {
      rt.check("ov_partial_shape_create", (long) dims.size(), dimensions(arena, dims), out);
    }
    return out;
  }

  static MemorySegment dimensions(Arena arena, List<Dimension> dims) {
    MemorySegment d = arena.allocate(CTypes.DIMENSION, Math.max(1, dims.size()));
    for (int i = 0; i < dims.size(); i++) {
      d.set(ValueLayout.JAVA_LONG, i * 16L, dims.get(i).min());
      d.set(ValueLayout.JAVA_LONG, i * 16L + 8, dims.get(i).max());
    }
    return d;
  }

  static MemorySegment dimension(Arena arena, Dimension d) {
    MemorySegment s = arena.allocate(CTypes.DIMENSION);
    s.set(ValueLayout.JAVA_LONG, 0, d.min());
    s.set(ValueLayout.JAVA_LONG, 8, d.max());
    return s;
  }

  /** Releases a partial shape the API allocated. */
  static void freePartialShape(Native rt, MemorySegment ps) {
    rt.invoke("ov_partial_shape_free", ps);
  }

  /** Reads an {@code ov_partial_shape_t} (without freeing it). */
  static PartialShape readPartialShape(MemorySegment ps) {
    long rmin = ps.get(ValueLayout.JAVA_LONG, 0);
    long rmax = ps.get(ValueLayout.JAVA_LONG, 8);
    if (rmin != rmax || rmax < 0) {
      return PartialShape.dynamicRank();
    }
    MemorySegment dims = ps.get(ValueLayout.ADDRESS, 16);
    List<Dimension> out = new ArrayList<>();
    if (rmax > 0) {
      MemorySegment d = dims.reinterpret(rmax * 16);
      for (int i = 0; i < rmax; i++) {
        long min = d.get(ValueLayout.JAVA_LONG, i * 16L);
        long max = d.get(ValueLayout.JAVA_LONG, i * 16L + 8);
        out.add(max == -1 && min <= 0 ? Dimension.dynamic() : new Dimension(min, max));
      }
    }
    return PartialShape.of(out);
  }

  /** Reads and frees (ov_partial_shape_free) a partial shape the API filled. */
  static PartialShape takePartialShape(Native rt, MemorySegment ps) {
    try {
      return readPartialShape(ps);
    } finally {
      freePartialShape(rt, ps);
    }
  }
}
