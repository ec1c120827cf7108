package dev.jvino.ffm.raw;

import static dev.jvino.ffm.raw.CTypes.INT;
import static dev.jvino.ffm.raw.CTypes.POINTER;
import static dev.jvino.ffm.raw.CTypes.SIZE_T;

import java.util.List;

/**
 * Rows for {@code ov_common.h}, {@code ov_core.h} and {@code ov_util.h}. Prototypes were checked
 * against the 2026.1 headers; the non-variadic {@code _props} forms against the 2026.4 declarations.
 */
final class CoreTable {
  private CoreTable() {}

  static final List<Binding> ROWS =
      new Binding.Rows("ov_common.h", "2026.1")
          .returning("ov_get_error_info", POINTER, INT)
          .voidFn("ov_free", POINTER)
          .returning("ov_get_last_err_msg", POINTER)
          .header("ov_core.h")
          .status("ov_get_openvino_version", POINTER)
          .voidFn("ov_version_free", POINTER)
          .status("ov_core_create", POINTER)
          .status("ov_core_create_with_config", POINTER, POINTER)
          .status("ov_core_create_with_config_unicode", POINTER, POINTER)
          .voidFn("ov_core_free", POINTER)
          .status("ov_core_read_model", POINTER, POINTER, POINTER, POINTER)
          .status("ov_core_read_model_unicode", POINTER, POINTER, POINTER, POINTER)
          .status("ov_core_read_model_from_memory_buffer", POINTER, POINTER, SIZE_T, POINTER, POINTER)
          .variadic("ov_core_compile_model", POINTER, POINTER, POINTER, SIZE_T, POINTER)
          .variadic("ov_core_compile_model_from_file", POINTER, POINTER, POINTER, SIZE_T, POINTER)
          .variadic("ov_core_compile_model_from_file_unicode", POINTER, POINTER, POINTER, SIZE_T, POINTER)
          .status("ov_core_add_extension", POINTER, POINTER)
          .variadic("ov_core_set_property", POINTER, POINTER)
          .status("ov_core_get_property", POINTER, POINTER, POINTER, POINTER)
          .status("ov_core_get_available_devices", POINTER, POINTER)
          .voidFn("ov_available_devices_free", POINTER)
          .status("ov_core_import_model", POINTER, POINTER, SIZE_T, POINTER, POINTER)
          .status("ov_core_get_versions_by_device_name", POINTER, POINTER, POINTER)
          .voidFn("ov_core_versions_free", POINTER)
          .variadic("ov_core_create_context", POINTER, POINTER, SIZE_T, POINTER)
          .variadic("ov_core_compile_model_with_context", POINTER, POINTER, POINTER, SIZE_T, POINTER)
          .status("ov_core_get_default_context", POINTER, POINTER, POINTER)
          .voidFn("ov_shutdown")
          .version("2026.4")
          .status("ov_core_compile_model_props", POINTER, POINTER, POINTER, SIZE_T, POINTER, POINTER)
          .status("ov_core_compile_model_from_file_props", POINTER, POINTER, POINTER, SIZE_T, POINTER, POINTER)
          .status("ov_core_compile_model_from_file_unicode_props", POINTER, POINTER, POINTER, SIZE_T, POINTER, POINTER)
          .status("ov_core_set_properties", POINTER, POINTER, SIZE_T, POINTER)
          .status("ov_core_create_context_props", POINTER, POINTER, SIZE_T, POINTER, POINTER)
          .version("2026.1")
          .header("ov_util.h")
          .voidFn("ov_util_set_log_callback", POINTER)
          .voidFn("ov_util_reset_log_callback")
          .build();

}
