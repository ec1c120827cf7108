package dev.jvino.ffm.raw;

import static dev.jvino.ffm.raw.CTypes.BOOL;
import static dev.jvino.ffm.raw.CTypes.DIMENSION;
import static dev.jvino.ffm.raw.CTypes.INT64;
import static dev.jvino.ffm.raw.CTypes.PARTIAL_SHAPE;
import static dev.jvino.ffm.raw.CTypes.POINTER;
import static dev.jvino.ffm.raw.CTypes.RANK;
import static dev.jvino.ffm.raw.CTypes.SHAPE;

import java.util.List;

/**
 * Rows for {@code ov_shape.h}, {@code ov_partial_shape.h}, {@code ov_dimension.h}, {@code ov_rank.h}
 * and {@code ov_layout.h} (2026.1 headers). Several take their struct by value.
 */
final class ShapeTable {
  private ShapeTable() {}

  static final List<Binding> ROWS =
      new Binding.Rows("ov_shape.h", "2026.1")
          .status("ov_shape_create", INT64, POINTER, POINTER)
          .status("ov_shape_free", POINTER)
          .header("ov_partial_shape.h")
          .status("ov_partial_shape_create", INT64, POINTER, POINTER)
          .status("ov_partial_shape_create_dynamic", RANK, POINTER, POINTER)
          .status("ov_partial_shape_create_static", INT64, POINTER, POINTER)
          .voidFn("ov_partial_shape_free", POINTER)
          .status("ov_partial_shape_to_shape", PARTIAL_SHAPE, POINTER)
          .status("ov_shape_to_partial_shape", SHAPE, POINTER)
          .returning("ov_partial_shape_is_dynamic", BOOL, PARTIAL_SHAPE)
          .returning("ov_partial_shape_to_string", POINTER, PARTIAL_SHAPE)
          .header("ov_dimension.h")
          .returning("ov_dimension_is_dynamic", BOOL, DIMENSION)
          .header("ov_rank.h")
          .returning("ov_rank_is_dynamic", BOOL, RANK)
          .header("ov_layout.h")
          .status("ov_layout_create", POINTER, POINTER)
          .voidFn("ov_layout_free", POINTER)
          .returning("ov_layout_to_string", POINTER, POINTER)
          .build();
}
