package dev.jvino.ffm.raw;

import static dev.jvino.ffm.raw.CTypes.BOOL;
import static dev.jvino.ffm.raw.CTypes.PARTIAL_SHAPE;
import static dev.jvino.ffm.raw.CTypes.POINTER;
import static dev.jvino.ffm.raw.CTypes.SIZE_T;

import java.util.List;

/** Rows for {@code ov_model.h}, {@code ov_node.h} and {@code ov_compiled_model.h} (2026.1 headers). */
final class ModelTable {
  private ModelTable() {}

  static final List<Binding> ROWS =
      new Binding.Rows("ov_model.h", "2026.1")
          .voidFn("ov_model_free", POINTER)
          .status("ov_model_const_input", POINTER, POINTER)
          .status("ov_model_const_input_by_name", POINTER, POINTER, POINTER)
          .status("ov_model_const_input_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_model_input", POINTER, POINTER)
          .status("ov_model_input_by_name", POINTER, POINTER, POINTER)
          .status("ov_model_input_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_model_const_output", POINTER, POINTER)
          .status("ov_model_const_output_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_model_const_output_by_name", POINTER, POINTER, POINTER)
          .status("ov_model_output", POINTER, POINTER)
          .status("ov_model_output_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_model_output_by_name", POINTER, POINTER, POINTER)
          .status("ov_model_inputs_size", POINTER, POINTER)
          .status("ov_model_outputs_size", POINTER, POINTER)
          .returning("ov_model_is_dynamic", BOOL, POINTER)
          .status("ov_model_reshape", POINTER, POINTER, POINTER, SIZE_T)
          .status("ov_model_reshape_input_by_name", POINTER, POINTER, PARTIAL_SHAPE)
          .status("ov_model_reshape_single_input", POINTER, PARTIAL_SHAPE)
          .status("ov_model_reshape_by_port_indexes", POINTER, POINTER, POINTER, SIZE_T)
          .status("ov_model_reshape_by_ports", POINTER, POINTER, POINTER, SIZE_T)
          .status("ov_model_get_friendly_name", POINTER, POINTER)
          .header("ov_node.h")
          .status("ov_const_port_get_shape", POINTER, POINTER)
          .status("ov_port_get_shape", POINTER, POINTER)
          .status("ov_port_get_any_name", POINTER, POINTER)
          .status("ov_port_get_partial_shape", POINTER, POINTER)
          .status("ov_port_get_element_type", POINTER, POINTER)
          .voidFn("ov_output_port_free", POINTER)
          .voidFn("ov_output_const_port_free", POINTER)
          .header("ov_compiled_model.h")
          .status("ov_compiled_model_inputs_size", POINTER, POINTER)
          .status("ov_compiled_model_input", POINTER, POINTER)
          .status("ov_compiled_model_input_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_compiled_model_input_by_name", POINTER, POINTER, POINTER)
          .status("ov_compiled_model_outputs_size", POINTER, POINTER)
          .status("ov_compiled_model_output", POINTER, POINTER)
          .status("ov_compiled_model_output_by_index", POINTER, SIZE_T, POINTER)
          .status("ov_compiled_model_output_by_name", POINTER, POINTER, POINTER)
          .status("ov_compiled_model_get_runtime_model", POINTER, POINTER)
          .status("ov_compiled_model_create_infer_request", POINTER, POINTER)
          .variadic("ov_compiled_model_set_property", POINTER)
          .status("ov_compiled_model_get_property", POINTER, POINTER, POINTER)
          .status("ov_compiled_model_export_model", POINTER, POINTER)
          .voidFn("ov_compiled_model_free", POINTER)
          .status("ov_compiled_model_get_context", POINTER, POINTER)
          .version("2026.4")
          .status("ov_compiled_model_set_properties", POINTER, SIZE_T, POINTER)
          .build();
}
