/* TEST DOUBLE - see ov_stub.h. ov_model.h and ov_node.h. The fake model has input "x" and output "y". */
#include "ov_stub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ov_status_e stub_port(stub_model* m, int output, size_t index, const char* name, int constant, void** port) {
  if (!port) return INVALID_C_PARAM;
  if (index != 0) return stub_error(OUT_OF_BOUNDS, "stub: %s index %zu is out of range (1 port)", output ? "output" : "input", index);
  const char* own = output ? m->output_name : m->input_name;
  if (name && strcmp(name, own) != 0) return stub_error(GENERAL_ERROR, "stub: no %s named %s", output ? "output" : "input", name);
  stub_obj* p = stub_new(constant ? K_CPORT : K_PORT, constant ? "ov_output_const_port_free" : "ov_output_port_free");
  p->model = m;
  m->refs++;
  p->port_output = output;
  *port = p;
  return OK;
}

#define M_CHECK(m) if (!stub_check(m, K_MODEL)) return INVALID_C_PARAM

void ov_model_free(ov_model_t* model) {
  stub_count("ov_model_free");
  if (model && stub_release(model, "ov_model_free")) { stub_model_unref(model->model); model->magic = 0; free(model); }
}

#define PORT_FN(fname, out, cst, type)                                            \
  ov_status_e fname(const ov_model_t* model, type** port) {                      \
    STUB_ENTER(#fname);                                                          \
    M_CHECK(model);                                                              \
    return stub_port(model->model, out, 0, NULL, cst, (void**)port);             \
  }
#define PORT_BY_NAME_FN(fname, out, cst, type)                                    \
  ov_status_e fname(const ov_model_t* model, const char* tensor_name, type** port) { \
    STUB_ENTER(#fname);                                                          \
    M_CHECK(model);                                                              \
    if (!tensor_name) return INVALID_C_PARAM;                                    \
    return stub_port(model->model, out, 0, tensor_name, cst, (void**)port);      \
  }
#define PORT_BY_INDEX_FN(fname, out, cst, type)                                   \
  ov_status_e fname(const ov_model_t* model, const size_t index, type** port) {  \
    STUB_ENTER(#fname);                                                          \
    M_CHECK(model);                                                              \
    return stub_port(model->model, out, index, NULL, cst, (void**)port);         \
  }

PORT_FN(ov_model_const_input, 0, 1, ov_output_const_port_t)
PORT_BY_NAME_FN(ov_model_const_input_by_name, 0, 1, ov_output_const_port_t)
PORT_BY_INDEX_FN(ov_model_const_input_by_index, 0, 1, ov_output_const_port_t)
PORT_FN(ov_model_input, 0, 0, ov_output_port_t)
PORT_BY_NAME_FN(ov_model_input_by_name, 0, 0, ov_output_port_t)
PORT_BY_INDEX_FN(ov_model_input_by_index, 0, 0, ov_output_port_t)
PORT_FN(ov_model_const_output, 1, 1, ov_output_const_port_t)
PORT_BY_INDEX_FN(ov_model_const_output_by_index, 1, 1, ov_output_const_port_t)
PORT_BY_NAME_FN(ov_model_const_output_by_name, 1, 1, ov_output_const_port_t)
PORT_FN(ov_model_output, 1, 0, ov_output_port_t)
PORT_BY_INDEX_FN(ov_model_output_by_index, 1, 0, ov_output_port_t)
PORT_BY_NAME_FN(ov_model_output_by_name, 1, 0, ov_output_port_t)

ov_status_e ov_model_inputs_size(const ov_model_t* model, size_t* input_size) {
  STUB_ENTER("ov_model_inputs_size");
  M_CHECK(model);
  *input_size = 1;
  return OK;
}

ov_status_e ov_model_outputs_size(const ov_model_t* model, size_t* output_size) {
  STUB_ENTER("ov_model_outputs_size");
  M_CHECK(model);
  *output_size = 1;
  return OK;
}

bool ov_model_is_dynamic(const ov_model_t* model) {
  stub_count("ov_model_is_dynamic");
  if (!stub_check(model, K_MODEL)) return false;
  ov_partial_shape_t s = model->model->in_shape;
  for (int64_t i = 0; i < s.rank.max; i++) if (s.dims[i].min != s.dims[i].max) return true;
  return false;
}

static ov_status_e reshape(stub_model* m, const char* how, ov_partial_shape_t ps) {
  char text[128];
  stub_pshape_text(text, sizeof text, ps);
  stub_log("%s %s", how, text);
  if (ps.rank.min != ps.rank.max || ps.rank.max < 1 || ps.rank.max > 8) return stub_error(GENERAL_ERROR, "stub: cannot reshape to %s", text);
  if (ps.dims[ps.rank.max - 1].min != 4 || ps.dims[ps.rank.max - 1].max != 4)
    return stub_error(GENERAL_ERROR, "stub: the last dimension must stay 4, got %s", text);
  free(m->in_shape.dims);
  m->in_shape.rank = ps.rank;
  m->in_shape.dims = calloc((size_t)ps.rank.max, sizeof(ov_dimension_t));
  memcpy(m->in_shape.dims, ps.dims, (size_t)ps.rank.max * sizeof(ov_dimension_t));
  return OK;
}

ov_status_e ov_model_reshape(const ov_model_t* model, const char** tensor_names, const ov_partial_shape_t* partial_shapes, size_t size) {
  STUB_ENTER("ov_model_reshape");
  M_CHECK(model);
  if (!tensor_names || !partial_shapes || size != 1) return INVALID_C_PARAM;
  if (strcmp(tensor_names[0], model->model->input_name) != 0) return stub_error(GENERAL_ERROR, "stub: no input %s", tensor_names[0]);
  return reshape(model->model, "ov_model_reshape x", partial_shapes[0]);
}

ov_status_e ov_model_reshape_input_by_name(const ov_model_t* model, const char* tensor_name, const ov_partial_shape_t partial_shape) {
  STUB_ENTER("ov_model_reshape_input_by_name");
  M_CHECK(model);
  if (!tensor_name) return INVALID_C_PARAM;
  if (strcmp(tensor_name, model->model->input_name) != 0) return stub_error(GENERAL_ERROR, "stub: no input %s", tensor_name);
  return reshape(model->model, "ov_model_reshape_input_by_name", partial_shape);
}

ov_status_e ov_model_reshape_single_input(const ov_model_t* model, const ov_partial_shape_t partial_shape) {
  STUB_ENTER("ov_model_reshape_single_input");
  M_CHECK(model);
  return reshape(model->model, "ov_model_reshape_single_input", partial_shape);
}

ov_status_e ov_model_reshape_by_port_indexes(const ov_model_t* model, const size_t* port_indexes, const ov_partial_shape_t* partial_shape, size_t size) {
  STUB_ENTER("ov_model_reshape_by_port_indexes");
  M_CHECK(model);
  if (!port_indexes || !partial_shape || size != 1) return INVALID_C_PARAM;
  if (port_indexes[0] != 0) return stub_error(OUT_OF_BOUNDS, "stub: port index %zu", port_indexes[0]);
  return reshape(model->model, "ov_model_reshape_by_port_indexes 0", partial_shape[0]);
}

ov_status_e ov_model_reshape_by_ports(const ov_model_t* model, const ov_output_port_t** output_ports, const ov_partial_shape_t* partial_shapes, size_t size) {
  STUB_ENTER("ov_model_reshape_by_ports");
  M_CHECK(model);
  if (!output_ports || !partial_shapes || size != 1 || !stub_check(output_ports[0], K_PORT)) return INVALID_C_PARAM;
  return reshape(model->model, "ov_model_reshape_by_ports", partial_shapes[0]);
}

ov_status_e ov_model_get_friendly_name(const ov_model_t* model, char** friendly_name) {
  STUB_ENTER("ov_model_get_friendly_name");
  M_CHECK(model);
  if (!friendly_name) return INVALID_C_PARAM;
  *friendly_name = stub_strdup_tracked(model->model->name);
  return OK;
}

/* ---------------- ov_node.h ---------------- */
static int any_port(const void* p) { return stub_check(p, K_PORT) || stub_check(p, K_CPORT); }

static ov_status_e port_shape(const ov_output_port_t* port, ov_shape_t* shape) {
  stub_model* m = port->model;
  if (port->port_output) {
    shape->rank = 2;
    shape->dims = stub_track(calloc(2, sizeof(int64_t)), "ov_shape_free", "shape");
    shape->dims[0] = m->out_dims[0];
    shape->dims[1] = m->out_dims[1];
    return OK;
  }
  for (int64_t i = 0; i < m->in_shape.rank.max; i++)
    if (m->in_shape.dims[i].min != m->in_shape.dims[i].max) return stub_error(GENERAL_ERROR, "stub: the shape of %s is dynamic", m->input_name);
  shape->rank = m->in_shape.rank.max;
  shape->dims = stub_track(calloc((size_t)shape->rank, sizeof(int64_t)), "ov_shape_free", "shape");
  for (int64_t i = 0; i < shape->rank; i++) shape->dims[i] = m->in_shape.dims[i].min;
  return OK;
}

ov_status_e ov_const_port_get_shape(const ov_output_const_port_t* port, ov_shape_t* tensor_shape) {
  STUB_ENTER("ov_const_port_get_shape");
  if (!stub_check(port, K_CPORT) || !tensor_shape) return INVALID_C_PARAM;
  return port_shape(port, tensor_shape);
}

ov_status_e ov_port_get_shape(const ov_output_port_t* port, ov_shape_t* tensor_shape) {
  STUB_ENTER("ov_port_get_shape");
  if (!stub_check(port, K_PORT) || !tensor_shape) return INVALID_C_PARAM;
  return port_shape(port, tensor_shape);
}

ov_status_e ov_port_get_any_name(const ov_output_const_port_t* port, char** tensor_name) {
  STUB_ENTER("ov_port_get_any_name");
  if (!any_port(port) || !tensor_name) return INVALID_C_PARAM;
  *tensor_name = stub_strdup_tracked(port->port_output ? port->model->output_name : port->model->input_name);
  return OK;
}

ov_status_e ov_port_get_partial_shape(const ov_output_const_port_t* port, ov_partial_shape_t* partial_shape) {
  STUB_ENTER("ov_port_get_partial_shape");
  if (!any_port(port) || !partial_shape) return INVALID_C_PARAM;
  stub_model* m = port->model;
  int64_t rank = port->port_output ? 2 : m->in_shape.rank.max;
  partial_shape->rank.min = partial_shape->rank.max = rank;
  partial_shape->dims = stub_track(calloc((size_t)rank, sizeof(ov_dimension_t)), "ov_partial_shape_free", "partial shape");
  for (int64_t i = 0; i < rank; i++)
    partial_shape->dims[i] = port->port_output ? (ov_dimension_t){m->out_dims[i], m->out_dims[i]} : m->in_shape.dims[i];
  return OK;
}

ov_status_e ov_port_get_element_type(const ov_output_const_port_t* port, ov_element_type_e* tensor_type) {
  STUB_ENTER("ov_port_get_element_type");
  if (!any_port(port) || !tensor_type) return INVALID_C_PARAM;
  *tensor_type = stub_code_from_canon(port->port_output ? 4 : port->model->in_canon);
  return OK;
}

void ov_output_port_free(ov_output_port_t* port) {
  stub_count("ov_output_port_free");
  if (port && stub_release(port, "ov_output_port_free")) { stub_model_unref(port->model); port->magic = 0; free(port); }
}

void ov_output_const_port_free(ov_output_const_port_t* port) {
  stub_count("ov_output_const_port_free");
  if (port && stub_release(port, "ov_output_const_port_free")) { stub_model_unref(port->model); port->magic = 0; free(port); }
}
