/* TEST DOUBLE - see ov_stub.h. ov_shape.h, ov_partial_shape.h, ov_dimension.h, ov_rank.h, ov_layout.h.
 * The by-value structs are logged field by field so the Java tests can see what arrived. */
#include "ov_stub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ov_status_e ov_shape_create(const int64_t rank, const int64_t* dims, ov_shape_t* shape) {
  STUB_ENTER("ov_shape_create");
  if (!shape || rank <= 0) return INVALID_C_PARAM;
  shape->rank = rank;
  shape->dims = stub_track(calloc((size_t)rank, sizeof(int64_t)), "ov_shape_free", "shape");
  if (dims) memcpy(shape->dims, dims, (size_t)rank * sizeof(int64_t));
  return OK;
}

ov_status_e ov_shape_free(ov_shape_t* shape) {
  STUB_ENTER("ov_shape_free");
  if (!shape) return INVALID_C_PARAM;
  if (shape->dims && stub_release(shape->dims, "ov_shape_free")) free(shape->dims);
  shape->dims = NULL;
  shape->rank = 0;
  return OK;
}

static ov_status_e make_partial(int64_t rank, ov_partial_shape_t* out) {
  out->rank.min = out->rank.max = rank;
  out->dims = rank > 0 ? stub_track(calloc((size_t)rank, sizeof(ov_dimension_t)), "ov_partial_shape_free", "partial shape") : NULL;
  return OK;
}

ov_status_e ov_partial_shape_create(const int64_t rank, const ov_dimension_t* dims, ov_partial_shape_t* partial_shape_obj) {
  STUB_ENTER("ov_partial_shape_create");
  if (!partial_shape_obj || rank < 0 || (rank > 0 && !dims)) return INVALID_C_PARAM;
  make_partial(rank, partial_shape_obj);
  for (int64_t i = 0; i < rank; i++) partial_shape_obj->dims[i] = dims[i];
  return OK;
}

ov_status_e ov_partial_shape_create_dynamic(const ov_rank_t rank, const ov_dimension_t* dims, ov_partial_shape_t* partial_shape_obj) {
  STUB_ENTER("ov_partial_shape_create_dynamic");
  stub_log("ov_partial_shape_create_dynamic rank={%lld,%lld}", (long long)rank.min, (long long)rank.max);
  if (!partial_shape_obj) return INVALID_C_PARAM;
  if (rank.min != rank.max || rank.max < 0) {
    partial_shape_obj->rank = rank;
    partial_shape_obj->dims = NULL;
    return OK;
  }
  if (rank.max > 0 && !dims) return INVALID_C_PARAM;
  make_partial(rank.max, partial_shape_obj);
  for (int64_t i = 0; i < rank.max; i++) partial_shape_obj->dims[i] = dims[i];
  return OK;
}

ov_status_e ov_partial_shape_create_static(const int64_t rank, const int64_t* dims, ov_partial_shape_t* partial_shape_obj) {
  STUB_ENTER("ov_partial_shape_create_static");
  if (!partial_shape_obj || rank < 0 || (rank > 0 && !dims)) return INVALID_C_PARAM;
  for (int64_t i = 0; i < rank; i++) if (dims[i] <= 0) return stub_error(PARAMETER_MISMATCH, "stub: static dimension %lld", (long long)dims[i]);
  make_partial(rank, partial_shape_obj);
  for (int64_t i = 0; i < rank; i++) partial_shape_obj->dims[i] = (ov_dimension_t){dims[i], dims[i]};
  return OK;
}

void ov_partial_shape_free(ov_partial_shape_t* partial_shape) {
  stub_count("ov_partial_shape_free");
  if (partial_shape && partial_shape->dims && stub_release(partial_shape->dims, "ov_partial_shape_free")) free(partial_shape->dims);
}

ov_status_e ov_partial_shape_to_shape(const ov_partial_shape_t partial_shape, ov_shape_t* shape) {
  STUB_ENTER("ov_partial_shape_to_shape");
  char text[128];
  stub_pshape_text(text, sizeof text, partial_shape);
  stub_log("ov_partial_shape_to_shape %s", text);
  if (!shape) return INVALID_C_PARAM;
  if (partial_shape.rank.min != partial_shape.rank.max || partial_shape.rank.max < 0) return stub_error(PARAMETER_MISMATCH, "stub: dynamic rank");
  for (int64_t i = 0; i < partial_shape.rank.max; i++)
    if (!(partial_shape.dims[i].min == partial_shape.dims[i].max && partial_shape.dims[i].max > 0))
      return stub_error(PARAMETER_MISMATCH, "stub: %s is dynamic", text);
  shape->rank = partial_shape.rank.max;
  shape->dims = stub_track(calloc((size_t)shape->rank + 1, sizeof(int64_t)), "ov_shape_free", "shape");
  for (int64_t i = 0; i < shape->rank; i++) shape->dims[i] = partial_shape.dims[i].min;
  return OK;
}

ov_status_e ov_shape_to_partial_shape(const ov_shape_t shape, ov_partial_shape_t* partial_shape) {
  STUB_ENTER("ov_shape_to_partial_shape");
  char text[128];
  stub_shape_text(text, sizeof text, shape.rank, shape.dims);
  stub_log("ov_shape_to_partial_shape %s", text);
  if (!partial_shape || shape.rank < 0) return INVALID_C_PARAM;
  make_partial(shape.rank, partial_shape);
  for (int64_t i = 0; i < shape.rank; i++) partial_shape->dims[i] = (ov_dimension_t){shape.dims[i], shape.dims[i]};
  return OK;
}

bool ov_partial_shape_is_dynamic(const ov_partial_shape_t partial_shape) {
  stub_count("ov_partial_shape_is_dynamic");
  if (!(partial_shape.rank.min == partial_shape.rank.max && partial_shape.rank.max > 0)) return true; /* OpenVINO's rank rule */
  for (int64_t i = 0; i < partial_shape.rank.max; i++)
    if (!(partial_shape.dims[i].min == partial_shape.dims[i].max && partial_shape.dims[i].max > 0)) return true;
  return false;
}

const char* ov_partial_shape_to_string(const ov_partial_shape_t partial_shape) {
  stub_count("ov_partial_shape_to_string");
  char text[256];
  stub_pshape_text(text, sizeof text, partial_shape);
  return stub_strdup_tracked(text);
}

bool ov_dimension_is_dynamic(const ov_dimension_t dim) {
  stub_count("ov_dimension_is_dynamic");
  stub_log("ov_dimension_is_dynamic {%lld,%lld}", (long long)dim.min, (long long)dim.max);
  return !(dim.min == dim.max && dim.max > 0); /* OpenVINO's rule: {0,0} counts as dynamic */
}

bool ov_rank_is_dynamic(const ov_rank_t rank) {
  stub_count("ov_rank_is_dynamic");
  stub_log("ov_rank_is_dynamic {%lld,%lld}", (long long)rank.min, (long long)rank.max);
  return !(rank.min == rank.max && rank.max > 0);
}

ov_status_e ov_layout_create(const char* layout_desc, ov_layout_t** layout) {
  STUB_ENTER("ov_layout_create");
  if (!layout_desc || !layout) return INVALID_C_PARAM;
  size_t n = strlen(layout_desc);
  if (n == 0 || n > 100 || strchr(layout_desc, '!')) return stub_error(GENERAL_ERROR, "stub: layout '%s' is not valid", layout_desc);
  ov_layout_t* l = stub_new(K_LAYOUT, "ov_layout_free");
  snprintf(l->text, sizeof l->text, "%s", layout_desc);
  *layout = l;
  return OK;
}

void ov_layout_free(ov_layout_t* layout) {
  stub_count("ov_layout_free");
  if (layout && stub_release(layout, "ov_layout_free")) { layout->magic = 0; free(layout); }
}

const char* ov_layout_to_string(const ov_layout_t* layout) {
  stub_count("ov_layout_to_string");
  if (!stub_check(layout, K_LAYOUT)) return NULL;
  char text[160];
  if (layout->text[0] == '[') snprintf(text, sizeof text, "%s", layout->text);
  else {
    size_t k = (size_t)snprintf(text, sizeof text, "[");
    for (size_t i = 0; layout->text[i] && k < sizeof text - 3; i++) k += (size_t)snprintf(text + k, sizeof text - k, i ? ",%c" : "%c", layout->text[i]);
    snprintf(text + k, sizeof text - k, "]");
  }
  return stub_strdup_tracked(text);
}
