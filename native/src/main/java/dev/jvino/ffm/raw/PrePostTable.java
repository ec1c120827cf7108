package dev.jvino.ffm.raw;

import static dev.jvino.ffm.raw.CTypes.FLOAT;
import static dev.jvino.ffm.raw.CTypes.INT;
import static dev.jvino.ffm.raw.CTypes.POINTER;
import static dev.jvino.ffm.raw.CTypes.SIZE_T;

import java.util.List;

/** Rows for {@code ov_prepostprocess.h} (2026.1 header). Enums and {@code int32_t} are C ints. */
final class PrePostTable {
  private PrePostTable() {}

  static final List<Binding> ROWS =
      new Binding.Rows("ov_prepostprocess.h", "2026.1")
          .status("ov_preprocess_prepostprocessor_create", POINTER, POINTER)
          .voidFn("ov_preprocess_prepostprocessor_free", POINTER)
          .status("ov_preprocess_prepostprocessor_get_input_info", POINTER, POINTER)
          .status("ov_preprocess_prepostprocessor_get_input_info_by_name", POINTER, POINTER, POINTER)
          .status("ov_preprocess_prepostprocessor_get_input_info_by_index", POINTER, SIZE_T, POINTER)
          .voidFn("ov_preprocess_input_info_free", POINTER)
          .status("ov_preprocess_input_info_get_tensor_info", POINTER, POINTER)
          .voidFn("ov_preprocess_input_tensor_info_free", POINTER)
          .status("ov_preprocess_input_info_get_preprocess_steps", POINTER, POINTER)
          .voidFn("ov_preprocess_preprocess_steps_free", POINTER)
          .status("ov_preprocess_preprocess_steps_resize", POINTER, INT)
          .status("ov_preprocess_preprocess_steps_scale", POINTER, FLOAT)
          .status("ov_preprocess_preprocess_steps_scale_multi_channels", POINTER, POINTER, INT)
          .status("ov_preprocess_preprocess_steps_mean", POINTER, FLOAT)
          .status("ov_preprocess_preprocess_steps_mean_multi_channels", POINTER, POINTER, INT)
          .status("ov_preprocess_preprocess_steps_crop", POINTER, POINTER, INT, POINTER, INT)
          .status("ov_preprocess_preprocess_steps_convert_layout", POINTER, POINTER)
          .status("ov_preprocess_preprocess_steps_reverse_channels", POINTER)
          .status("ov_preprocess_input_tensor_info_set_element_type", POINTER, INT)
          .status("ov_preprocess_input_tensor_info_set_color_format", POINTER, INT)
          .variadic("ov_preprocess_input_tensor_info_set_color_format_with_subname", POINTER, INT, SIZE_T)
          .status("ov_preprocess_input_tensor_info_set_spatial_static_shape", POINTER, SIZE_T, SIZE_T)
          .status("ov_preprocess_input_tensor_info_set_memory_type", POINTER, POINTER)
          .status("ov_preprocess_preprocess_steps_convert_element_type", POINTER, INT)
          .status("ov_preprocess_preprocess_steps_convert_color", POINTER, INT)
          .status("ov_preprocess_input_tensor_info_set_from", POINTER, POINTER)
          .status("ov_preprocess_input_tensor_info_set_layout", POINTER, POINTER)
          .status("ov_preprocess_prepostprocessor_get_output_info", POINTER, POINTER)
          .status("ov_preprocess_prepostprocessor_get_output_info_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_preprocess_prepostprocessor_get_output_info_by_name", POINTER, POINTER, POINTER)
          .voidFn("ov_preprocess_output_info_free", POINTER)
          .status("ov_preprocess_output_info_get_tensor_info", POINTER, POINTER)
          .voidFn("ov_preprocess_output_tensor_info_free", POINTER)
          .status("ov_preprocess_output_set_element_type", POINTER, INT)
          .status("ov_preprocess_input_info_get_model_info", POINTER, POINTER)
          .voidFn("ov_preprocess_input_model_info_free", POINTER)
          .status("ov_preprocess_input_model_info_set_layout", POINTER, POINTER)
          .status("ov_preprocess_prepostprocessor_build", POINTER, POINTER)
          .status("ov_preprocess_preprocess_steps_pad", POINTER, POINTER, SIZE_T, POINTER, SIZE_T, FLOAT, INT)
          .build();
}
