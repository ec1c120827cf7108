package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Shape questions answered by the runtime's own C helpers rather than by jvino's Java classes. They
 * follow OpenVINO's rules exactly, including its quirks: a {@code {0,0}} dimension counts as dynamic
 * there, while {@link Dimension#isStatic()} calls it static.
 */
public final class NativeShapes {
  private NativeShapes() {}

  /** {@code ov_partial_shape_to_shape}: fails with PARAMETER_MISMATCH if anything is dynamic. */
  public static Shape toShape(PartialShape ps) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment c = Structs.partialShape(rt, arena, ps);
      try {
        MemorySegment out = arena.allocate(CTypes.SHAPE);
        try {
          rt.check("ov_partial_shape_to_shape", c, out);
        } catch (OpenVinoException e) {
          Structs.freeShape(rt, out); // the C side may have allocated dims before failing
          throw e;
        }
        return Structs.takeShape(rt, out);
      } finally {
        Structs.freePartialShape(rt, c);
      }
    }
  }

  /** {@code ov_shape_to_partial_shape}. */
  public static PartialShape toPartialShape(Shape shape) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        MemorySegment out = arena.allocate(CTypes.PARTIAL_SHAPE);
        rt.check("ov_shape_to_partial_shape", s, out);
        return Structs.takePartialShape(rt, out);
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  /** {@code ov_partial_shape_is_dynamic}. */
  public static boolean isDynamic(PartialShape ps) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment c = Structs.partialShape(rt, arena, ps);
      try {
        return (boolean) rt.invoke("ov_partial_shape_is_dynamic", c);
      } finally {
        Structs.freePartialShape(rt, c);
      }
    }
  }

  /** {@code ov_partial_shape_to_string}: OpenVINO's rendering (the string is released with ov_free). */
  public static String describe(PartialShape ps) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment c = Structs.partialShape(rt, arena, ps);
      try {
        return rt.takeString((MemorySegment) rt.invoke("ov_partial_shape_to_string", c));
      } finally {
        Structs.freePartialShape(rt, c);
      }
    }
  }

  /** {@code ov_dimension_is_dynamic}. */
  public static boolean isDynamic(Dimension d) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      return (boolean) rt.invoke("ov_dimension_is_dynamic", Structs.dimension(arena, d));
    }
  }

  /** {@code ov_rank_is_dynamic} for a rank given as bounds ({@code -1,-1} is unknown). */
  public static boolean isRankDynamic(Dimension rank) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment r = arena.allocate(CTypes.RANK);
      r.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, rank.min());
      r.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, rank.max());
      return (boolean) rt.invoke("ov_rank_is_dynamic", r);
    }
  }
}
