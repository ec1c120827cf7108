/* TEST DOUBLE - see ov_stub.h. ov_prepostprocess.h: every step is logged with its arguments; build
 * returns a new model whose input element type is the one set on the input tensor info. */
#include "ov_stub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ov_status_e child(const stub_obj* parent, int parent_kind, int kind, const char* freer, stub_obj** out) {
  if (!stub_check(parent, parent_kind) || !out) return INVALID_C_PARAM;
  stub_obj* c = stub_new(kind, freer);
  c->parent = parent_kind == K_PPP ? (stub_obj*)parent : parent->parent;
  *out = c;
  return OK;
}

static void free_obj(stub_obj* o, const char* freer) {
  if (o && stub_release(o, freer)) { o->magic = 0; free(o); }
}

ov_status_e ov_preprocess_prepostprocessor_create(const ov_model_t* model, ov_preprocess_prepostprocessor_t** preprocess) {
  STUB_ENTER("ov_preprocess_prepostprocessor_create");
  if (!stub_check(model, K_MODEL) || !preprocess) return INVALID_C_PARAM;
  stub_obj* p = stub_new(K_PPP, "ov_preprocess_prepostprocessor_free");
  p->model = model->model;
  model->model->refs++;
  *preprocess = p;
  return OK;
}

void ov_preprocess_prepostprocessor_free(ov_preprocess_prepostprocessor_t* preprocess) {
  stub_count("ov_preprocess_prepostprocessor_free");
  if (preprocess && stub_release(preprocess, "ov_preprocess_prepostprocessor_free")) {
    stub_model_unref(preprocess->model);
    preprocess->magic = 0;
    free(preprocess);
  }
}

ov_status_e ov_preprocess_prepostprocessor_get_input_info(const ov_preprocess_prepostprocessor_t* p, ov_preprocess_input_info_t** info) {
  STUB_ENTER("ov_preprocess_prepostprocessor_get_input_info");
  return child(p, K_PPP, K_PPP_INPUT, "ov_preprocess_input_info_free", info);
}

ov_status_e ov_preprocess_prepostprocessor_get_input_info_by_name(const ov_preprocess_prepostprocessor_t* p, const char* tensor_name, ov_preprocess_input_info_t** info) {
  STUB_ENTER("ov_preprocess_prepostprocessor_get_input_info_by_name");
  if (!stub_check(p, K_PPP) || !tensor_name) return INVALID_C_PARAM;
  if (strcmp(tensor_name, p->model->input_name) != 0) return stub_error(GENERAL_ERROR, "stub: no input %s", tensor_name);
  return child(p, K_PPP, K_PPP_INPUT, "ov_preprocess_input_info_free", info);
}

ov_status_e ov_preprocess_prepostprocessor_get_input_info_by_index(const ov_preprocess_prepostprocessor_t* p, const size_t tensor_index, ov_preprocess_input_info_t** info) {
  STUB_ENTER("ov_preprocess_prepostprocessor_get_input_info_by_index");
  if (tensor_index != 0) return stub_error(OUT_OF_BOUNDS, "stub: input index %zu", tensor_index);
  return child(p, K_PPP, K_PPP_INPUT, "ov_preprocess_input_info_free", info);
}

void ov_preprocess_input_info_free(ov_preprocess_input_info_t* i) { stub_count("ov_preprocess_input_info_free"); free_obj(i, "ov_preprocess_input_info_free"); }

ov_status_e ov_preprocess_input_info_get_tensor_info(const ov_preprocess_input_info_t* i, ov_preprocess_input_tensor_info_t** t) {
  STUB_ENTER("ov_preprocess_input_info_get_tensor_info");
  return child(i, K_PPP_INPUT, K_PPP_ITI, "ov_preprocess_input_tensor_info_free", t);
}

void ov_preprocess_input_tensor_info_free(ov_preprocess_input_tensor_info_t* t) { stub_count("ov_preprocess_input_tensor_info_free"); free_obj(t, "ov_preprocess_input_tensor_info_free"); }

ov_status_e ov_preprocess_input_info_get_preprocess_steps(const ov_preprocess_input_info_t* i, ov_preprocess_preprocess_steps_t** s) {
  STUB_ENTER("ov_preprocess_input_info_get_preprocess_steps");
  return child(i, K_PPP_INPUT, K_PPP_STEPS, "ov_preprocess_preprocess_steps_free", s);
}

void ov_preprocess_preprocess_steps_free(ov_preprocess_preprocess_steps_t* s) { stub_count("ov_preprocess_preprocess_steps_free"); free_obj(s, "ov_preprocess_preprocess_steps_free"); }

#define STEPS(s) if (!stub_check(s, K_PPP_STEPS)) return INVALID_C_PARAM
#define ITI(t) if (!stub_check(t, K_PPP_ITI)) return INVALID_C_PARAM

ov_status_e ov_preprocess_preprocess_steps_resize(ov_preprocess_preprocess_steps_t* s, const ov_preprocess_resize_algorithm_e resize_algorithm) {
  STUB_ENTER("ov_preprocess_preprocess_steps_resize");
  STEPS(s);
  stub_log("step resize %d", resize_algorithm);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_scale(ov_preprocess_preprocess_steps_t* s, float value) {
  STUB_ENTER("ov_preprocess_preprocess_steps_scale");
  STEPS(s);
  stub_log("step scale %g", value);
  return OK;
}

static void log_floats(const char* what, const float* v, int32_t n) {
  char line[256];
  size_t k = (size_t)snprintf(line, sizeof line, "step %s", what);
  for (int32_t i = 0; i < n && k < sizeof line; i++) k += (size_t)snprintf(line + k, sizeof line - k, " %g", v[i]);
  stub_log("%s", line);
}

ov_status_e ov_preprocess_preprocess_steps_scale_multi_channels(ov_preprocess_preprocess_steps_t* s, const float* values, const int32_t value_size) {
  STUB_ENTER("ov_preprocess_preprocess_steps_scale_multi_channels");
  STEPS(s);
  if (!values || value_size <= 0) return INVALID_C_PARAM;
  log_floats("scale_multi", values, value_size);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_mean(ov_preprocess_preprocess_steps_t* s, float value) {
  STUB_ENTER("ov_preprocess_preprocess_steps_mean");
  STEPS(s);
  stub_log("step mean %g", value);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_mean_multi_channels(ov_preprocess_preprocess_steps_t* s, const float* values, const int32_t value_size) {
  STUB_ENTER("ov_preprocess_preprocess_steps_mean_multi_channels");
  STEPS(s);
  if (!values || value_size <= 0) return INVALID_C_PARAM;
  log_floats("mean_multi", values, value_size);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_crop(ov_preprocess_preprocess_steps_t* s, int32_t* begin, int32_t begin_size, int32_t* end, int32_t end_size) {
  STUB_ENTER("ov_preprocess_preprocess_steps_crop");
  STEPS(s);
  if (!begin || !end || begin_size != end_size) return INVALID_C_PARAM;
  char line[256];
  size_t k = (size_t)snprintf(line, sizeof line, "step crop");
  for (int32_t i = 0; i < begin_size; i++) k += (size_t)snprintf(line + k, sizeof line - k, " %d:%d", begin[i], end[i]);
  stub_log("%s", line);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_convert_layout(ov_preprocess_preprocess_steps_t* s, ov_layout_t* layout) {
  STUB_ENTER("ov_preprocess_preprocess_steps_convert_layout");
  STEPS(s);
  if (!stub_check(layout, K_LAYOUT)) return INVALID_C_PARAM;
  stub_log("step convert_layout %s", layout->text);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_reverse_channels(ov_preprocess_preprocess_steps_t* s) {
  STUB_ENTER("ov_preprocess_preprocess_steps_reverse_channels");
  STEPS(s);
  stub_log("step reverse_channels");
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_element_type(ov_preprocess_input_tensor_info_t* t, const ov_element_type_e element_type) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_element_type");
  ITI(t);
  stub_log("tensor element_type %d", element_type);
  t->parent->ppp_canon = stub_canon_from_code(element_type);
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_color_format(ov_preprocess_input_tensor_info_t* t, const ov_color_format_e colorFormat) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_color_format");
  ITI(t);
  stub_log("tensor color_format %d", colorFormat);
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_color_format_with_subname(ov_preprocess_input_tensor_info_t* t, const ov_color_format_e colorFormat,
                                                                         const size_t sub_names_size, ...) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_color_format_with_subname");
  ITI(t);
  char line[256];
  size_t k = (size_t)snprintf(line, sizeof line, "tensor color_format %d subnames", colorFormat);
  va_list ap;
  va_start(ap, sub_names_size);
  for (size_t i = 0; i < sub_names_size; i++) k += (size_t)snprintf(line + k, sizeof line - k, " %s", va_arg(ap, const char*));
  va_end(ap);
  stub_log("%s", line);
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_spatial_static_shape(ov_preprocess_input_tensor_info_t* t, const size_t input_height, const size_t input_width) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_spatial_static_shape");
  ITI(t);
  stub_log("tensor spatial %zux%zu", input_height, input_width);
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_memory_type(ov_preprocess_input_tensor_info_t* t, const char* mem_type) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_memory_type");
  ITI(t);
  if (!mem_type) return INVALID_C_PARAM;
  stub_log("tensor memory_type %s", mem_type);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_convert_element_type(ov_preprocess_preprocess_steps_t* s, const ov_element_type_e element_type) {
  STUB_ENTER("ov_preprocess_preprocess_steps_convert_element_type");
  STEPS(s);
  stub_log("step convert_element_type %d", element_type);
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_convert_color(ov_preprocess_preprocess_steps_t* s, const ov_color_format_e colorFormat) {
  STUB_ENTER("ov_preprocess_preprocess_steps_convert_color");
  STEPS(s);
  stub_log("step convert_color %d", colorFormat);
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_from(ov_preprocess_input_tensor_info_t* t, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_from");
  ITI(t);
  if (!stub_check(tensor, K_TENSOR)) return INVALID_C_PARAM;
  char text[128];
  stub_shape_text(text, sizeof text, tensor->tensor->rank, tensor->tensor->dims);
  stub_log("tensor from %s", text);
  t->parent->ppp_canon = tensor->tensor->canon;
  return OK;
}

ov_status_e ov_preprocess_input_tensor_info_set_layout(ov_preprocess_input_tensor_info_t* t, ov_layout_t* layout) {
  STUB_ENTER("ov_preprocess_input_tensor_info_set_layout");
  ITI(t);
  if (!stub_check(layout, K_LAYOUT)) return INVALID_C_PARAM;
  stub_log("tensor layout %s", layout->text);
  return OK;
}

ov_status_e ov_preprocess_prepostprocessor_get_output_info(const ov_preprocess_prepostprocessor_t* p, ov_preprocess_output_info_t** info) {
  STUB_ENTER("ov_preprocess_prepostprocessor_get_output_info");
  return child(p, K_PPP, K_PPP_OUTPUT, "ov_preprocess_output_info_free", info);
}

ov_status_e ov_preprocess_prepostprocessor_get_output_info_by_index(const ov_preprocess_prepostprocessor_t* p, const size_t tensor_index, ov_preprocess_output_info_t** info) {
  STUB_ENTER("ov_preprocess_prepostprocessor_get_output_info_by_index");
  if (tensor_index != 0) return stub_error(OUT_OF_BOUNDS, "stub: output index %zu", tensor_index);
  return child(p, K_PPP, K_PPP_OUTPUT, "ov_preprocess_output_info_free", info);
}

ov_status_e ov_preprocess_prepostprocessor_get_output_info_by_name(const ov_preprocess_prepostprocessor_t* p, const char* tensor_name, ov_preprocess_output_info_t** info) {
  STUB_ENTER("ov_preprocess_prepostprocessor_get_output_info_by_name");
  if (!stub_check(p, K_PPP) || !tensor_name) return INVALID_C_PARAM;
  if (strcmp(tensor_name, p->model->output_name) != 0) return stub_error(GENERAL_ERROR, "stub: no output %s", tensor_name);
  return child(p, K_PPP, K_PPP_OUTPUT, "ov_preprocess_output_info_free", info);
}

void ov_preprocess_output_info_free(ov_preprocess_output_info_t* o) { stub_count("ov_preprocess_output_info_free"); free_obj(o, "ov_preprocess_output_info_free"); }

ov_status_e ov_preprocess_output_info_get_tensor_info(const ov_preprocess_output_info_t* o, ov_preprocess_output_tensor_info_t** t) {
  STUB_ENTER("ov_preprocess_output_info_get_tensor_info");
  return child(o, K_PPP_OUTPUT, K_PPP_OTI, "ov_preprocess_output_tensor_info_free", t);
}

void ov_preprocess_output_tensor_info_free(ov_preprocess_output_tensor_info_t* t) { stub_count("ov_preprocess_output_tensor_info_free"); free_obj(t, "ov_preprocess_output_tensor_info_free"); }

ov_status_e ov_preprocess_output_set_element_type(ov_preprocess_output_tensor_info_t* t, const ov_element_type_e element_type) {
  STUB_ENTER("ov_preprocess_output_set_element_type");
  if (!stub_check(t, K_PPP_OTI)) return INVALID_C_PARAM;
  stub_log("output element_type %d", element_type);
  return OK;
}

ov_status_e ov_preprocess_input_info_get_model_info(const ov_preprocess_input_info_t* i, ov_preprocess_input_model_info_t** m) {
  STUB_ENTER("ov_preprocess_input_info_get_model_info");
  return child(i, K_PPP_INPUT, K_PPP_IMI, "ov_preprocess_input_model_info_free", m);
}

void ov_preprocess_input_model_info_free(ov_preprocess_input_model_info_t* m) { stub_count("ov_preprocess_input_model_info_free"); free_obj(m, "ov_preprocess_input_model_info_free"); }

ov_status_e ov_preprocess_input_model_info_set_layout(ov_preprocess_input_model_info_t* m, ov_layout_t* layout) {
  STUB_ENTER("ov_preprocess_input_model_info_set_layout");
  if (!stub_check(m, K_PPP_IMI) || !stub_check(layout, K_LAYOUT)) return INVALID_C_PARAM;
  stub_log("model layout %s", layout->text);
  return OK;
}

ov_status_e ov_preprocess_prepostprocessor_build(const ov_preprocess_prepostprocessor_t* p, ov_model_t** model) {
  STUB_ENTER("ov_preprocess_prepostprocessor_build");
  if (!stub_check(p, K_PPP) || !model) return INVALID_C_PARAM;
  ov_model_t* m = stub_new(K_MODEL, "ov_model_free");
  m->model = stub_model_new("stub_model_ppp", 0);
  if (p->ppp_canon >= 0) m->model->in_canon = p->ppp_canon;
  stub_log("ppp build");
  *model = m;
  return OK;
}

ov_status_e ov_preprocess_preprocess_steps_pad(const ov_preprocess_preprocess_steps_t* s, const int* pads_begin, size_t pads_begin_size,
                                               const int* pads_end, size_t pads_end_size, float value, ov_padding_mode_e mode) {
  STUB_ENTER("ov_preprocess_preprocess_steps_pad");
  STEPS(s);
  if (!pads_begin || !pads_end) return INVALID_C_PARAM;
  char line[256];
  size_t k = (size_t)snprintf(line, sizeof line, "step pad value=%g mode=%d begin", value, mode);
  for (size_t i = 0; i < pads_begin_size; i++) k += (size_t)snprintf(line + k, sizeof line - k, " %d", pads_begin[i]);
  k += (size_t)snprintf(line + k, sizeof line - k, " end");
  for (size_t i = 0; i < pads_end_size; i++) k += (size_t)snprintf(line + k, sizeof line - k, " %d", pads_end[i]);
  stub_log("%s", line);
  return OK;
}

/* Exported data symbols, like OpenVINO's: each variable holds a pointer to the key string. */
const char* ov_property_key_cache_dir = "CACHE_DIR";
const char* ov_property_key_num_streams = "NUM_STREAMS";
const char* ov_property_key_hint_performance_mode = "PERFORMANCE_HINT";
const char* ov_property_key_hint_inference_precision = "INFERENCE_PRECISION_HINT";
const char* ov_property_key_enable_profiling = "PERF_COUNT";
const char* ov_property_key_device_priorities = "MULTI_DEVICE_PRIORITIES";
const char* ov_property_key_device_full_name = "FULL_DEVICE_NAME";
const char* ov_property_key_supported_properties = "SUPPORTED_PROPERTIES";
const char* ov_property_key_model_name = "NETWORK_NAME";
const char* ov_property_key_optimal_number_of_infer_requests = "OPTIMAL_NUMBER_OF_INFER_REQUESTS";
const char* ov_property_key_cache_encryption_callbacks = "CACHE_ENCRYPTION_CALLBACKS";
