package dev.jvino.ffm.raw;

import static dev.jvino.ffm.raw.CTypes.INT;
import static dev.jvino.ffm.raw.CTypes.INT64;
import static dev.jvino.ffm.raw.CTypes.POINTER;
import static dev.jvino.ffm.raw.CTypes.SHAPE;
import static dev.jvino.ffm.raw.CTypes.SIZE_T;

import java.util.List;

/**
 * Rows for {@code ov_infer_request.h}, {@code ov_tensor.h} and {@code ov_remote_context.h} (2026.1
 * headers). {@code ov_shape_t} arguments are passed by value.
 */
final class InferTable {
  private InferTable() {}

  static final List<Binding> ROWS =
      new Binding.Rows("ov_infer_request.h", "2026.1")
          .status("ov_infer_request_set_tensor", POINTER, POINTER, POINTER)
          .status("ov_infer_request_set_tensor_by_port", POINTER, POINTER, POINTER)
          .status("ov_infer_request_set_tensor_by_const_port", POINTER, POINTER, POINTER)
          .status("ov_infer_request_set_input_tensor_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_infer_request_set_input_tensor", POINTER, POINTER)
          .status("ov_infer_request_set_output_tensor_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_infer_request_set_output_tensor", POINTER, POINTER)
          .status("ov_infer_request_get_tensor", POINTER, POINTER, POINTER)
          .status("ov_infer_request_get_tensor_by_const_port", POINTER, POINTER, POINTER)
          .status("ov_infer_request_get_tensor_by_port", POINTER, POINTER, POINTER)
          .status("ov_infer_request_get_input_tensor_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_infer_request_get_input_tensor", POINTER, POINTER)
          .status("ov_infer_request_get_output_tensor_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_infer_request_get_output_tensor", POINTER, POINTER)
          .status("ov_infer_request_infer", POINTER)
          .status("ov_infer_request_cancel", POINTER)
          .status("ov_infer_request_start_async", POINTER)
          .status("ov_infer_request_wait", POINTER)
          .status("ov_infer_request_wait_for", POINTER, INT64)
          .status("ov_infer_request_set_callback", POINTER, POINTER)
          .voidFn("ov_infer_request_free", POINTER)
          .status("ov_infer_request_get_profiling_info", POINTER, POINTER)
          .voidFn("ov_profiling_info_list_free", POINTER)
          .header("ov_tensor.h")
          .status("ov_tensor_create_from_host_ptr", INT, SHAPE, POINTER, POINTER)
          .status("ov_tensor_create", INT, SHAPE, POINTER)
          .status("ov_tensor_set_shape", POINTER, SHAPE)
          .status("ov_tensor_create_from_string_array", POINTER, SIZE_T, SHAPE, POINTER)
          .status("ov_tensor_get_shape", POINTER, POINTER)
          .status("ov_tensor_get_element_type", POINTER, POINTER)
          .status("ov_tensor_set_string_data", POINTER, POINTER, SIZE_T)
          .status("ov_tensor_get_size", POINTER, POINTER)
          .status("ov_tensor_get_byte_size", POINTER, POINTER)
          .status("ov_tensor_data", POINTER, POINTER)
          .voidFn("ov_tensor_free", POINTER)
          .header("ov_remote_context.h")
          .variadic("ov_remote_context_create_tensor", POINTER, INT, SHAPE, SIZE_T, POINTER)
          .status("ov_remote_context_get_device_name", POINTER, POINTER)
          .status("ov_remote_context_get_params", POINTER, POINTER, POINTER)
          .status("ov_remote_context_create_host_tensor", POINTER, INT, SHAPE, POINTER)
          .voidFn("ov_remote_context_free", POINTER)
          .status("ov_remote_tensor_get_params", POINTER, POINTER, POINTER)
          .status("ov_remote_tensor_get_device_name", POINTER, POINTER)
          .build();
}
