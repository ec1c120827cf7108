/* TEST DOUBLE - see ov_stub.h. ov_infer_request.h, ov_tensor.h, ov_remote_context.h.
 * The fake request computes y = 2 * x + 1 on f32 data so the Java side can check that data went in
 * and came back; async requests run on their own pthread and fire the callback from it. */
#include "ov_stub.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int async_delay_ms = 30;
void jvino_stub_set_async_delay_ms(int ms) { async_delay_ms = ms; }

/* Test-only: how long a synchronous ov_infer_request_infer takes (0 by default), so tests can close or
 * call a request from another thread while an inference is in flight. */
static int infer_delay_ms;
void jvino_stub_set_infer_delay_ms(int ms) { infer_delay_ms = ms; }

/* Test-only: calls that entered a request while another call (other than wait/cancel) was still inside
 * it, summed over all requests: the bindings must keep this at 0. */
static int overlaps;
static pthread_mutex_t overlap_lock = PTHREAD_MUTEX_INITIALIZER;
int jvino_stub_overlaps(void) { return overlaps; }

static void enter_request(ov_infer_request_t* r) {
  pthread_mutex_lock(&overlap_lock);
  if (r->inside++ > 0) overlaps++;
  pthread_mutex_unlock(&overlap_lock);
}

static void leave_request(ov_infer_request_t* r) {
  pthread_mutex_lock(&overlap_lock);
  r->inside--;
  pthread_mutex_unlock(&overlap_lock);
}

/* Sleeps `ms` in 1 ms steps; stops early when the request is cancelled. */
static void sleep_unless_cancelled(ov_infer_request_t* r, int ms) {
  struct timespec step = {0, 1000000L};
  for (int i = 0; i < ms && !r->cancelled; i++) nanosleep(&step, NULL);
}

static int64_t elements(const tensor_impl* t) {
  int64_t n = 1;
  for (int64_t i = 0; i < t->rank; i++) n *= t->dims[i];
  return n;
}

ov_infer_request_t* stub_request_new(const ov_compiled_model_t* c) {
  ov_infer_request_t* r = stub_new(K_REQUEST, "ov_infer_request_free");
  r->model = c->model;
  c->model->refs++;
  int64_t in_dims[8];
  int64_t rank = c->model->in_shape.rank.max;
  for (int64_t i = 0; i < rank; i++) in_dims[i] = c->model->in_shape.dims[i].min > 0 ? c->model->in_shape.dims[i].min : 1;
  r->in = stub_tensor_new(c->model->in_canon, rank, in_dims, NULL);
  r->out = stub_tensor_new(4, 2, c->model->out_dims, NULL);
  return r;
}

static ov_status_e compute(ov_infer_request_t* r) {
  tensor_impl* in = r->in;
  if (in->canon != 4) return stub_error(GENERAL_ERROR, "stub: input x must be f32, got type code %d", stub_code_from_canon(in->canon));
  int64_t n = elements(in);
  if (elements(r->out) != n) {
    tensor_impl* out = stub_tensor_new(4, in->rank, in->dims, NULL);
    stub_tensor_unref(r->out);
    r->out = out;
  }
  const float* x = in->data;
  float* y = r->out->data;
  for (int64_t i = 0; i < n; i++) y[i] = 2.0f * x[i] + 1.0f;
  return OK;
}

#define R_CHECK(r) if (!stub_check(r, K_REQUEST)) return INVALID_C_PARAM
#define BUSY(r) if (r->running) return stub_error(REQUEST_BUSY, "stub: infer request is busy")

static ov_status_e set_slot(ov_infer_request_t* r, int output, const ov_tensor_t* tensor) {
  if (!stub_check(tensor, K_TENSOR)) return INVALID_C_PARAM;
  BUSY(r);
  enter_request(r);
  tensor_impl** slot = output ? &r->out : &r->in;
  tensor->tensor->refs++;
  stub_tensor_unref(*slot);
  *slot = tensor->tensor;
  leave_request(r);
  return OK;
}

static int slot_for_name(const ov_infer_request_t* r, const char* name) {
  if (strcmp(name, r->model->input_name) == 0) return 0;
  if (strcmp(name, r->model->output_name) == 0) return 1;
  return -1;
}

ov_status_e ov_infer_request_set_tensor(ov_infer_request_t* infer_request, const char* tensor_name, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_tensor");
  R_CHECK(infer_request);
  if (!tensor_name) return INVALID_C_PARAM;
  int s = slot_for_name(infer_request, tensor_name);
  if (s < 0) return stub_error(GENERAL_ERROR, "stub: no tensor named %s", tensor_name);
  return set_slot(infer_request, s, tensor);
}

ov_status_e ov_infer_request_set_tensor_by_port(ov_infer_request_t* infer_request, const ov_output_port_t* port, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_tensor_by_port");
  R_CHECK(infer_request);
  if (!stub_check(port, K_PORT)) return INVALID_C_PARAM;
  return set_slot(infer_request, port->port_output, tensor);
}

ov_status_e ov_infer_request_set_tensor_by_const_port(ov_infer_request_t* infer_request, const ov_output_const_port_t* port, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_tensor_by_const_port");
  R_CHECK(infer_request);
  if (!stub_check(port, K_CPORT)) return INVALID_C_PARAM;
  return set_slot(infer_request, port->port_output, tensor);
}

ov_status_e ov_infer_request_set_input_tensor_by_index(ov_infer_request_t* infer_request, const size_t idx, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_input_tensor_by_index");
  R_CHECK(infer_request);
  if (idx != 0) return stub_error(OUT_OF_BOUNDS, "stub: input index %zu", idx);
  return set_slot(infer_request, 0, tensor);
}

ov_status_e ov_infer_request_set_input_tensor(ov_infer_request_t* infer_request, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_input_tensor");
  R_CHECK(infer_request);
  return set_slot(infer_request, 0, tensor);
}

ov_status_e ov_infer_request_set_output_tensor_by_index(ov_infer_request_t* infer_request, const size_t idx, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_output_tensor_by_index");
  R_CHECK(infer_request);
  if (idx != 0) return stub_error(OUT_OF_BOUNDS, "stub: output index %zu", idx);
  return set_slot(infer_request, 1, tensor);
}

ov_status_e ov_infer_request_set_output_tensor(ov_infer_request_t* infer_request, const ov_tensor_t* tensor) {
  STUB_ENTER("ov_infer_request_set_output_tensor");
  R_CHECK(infer_request);
  return set_slot(infer_request, 1, tensor);
}

static ov_status_e wrap(tensor_impl* t, ov_tensor_t** tensor) {
  if (!tensor) return INVALID_C_PARAM;
  ov_tensor_t* w = stub_new(K_TENSOR, "ov_tensor_free");
  w->tensor = t;
  t->refs++;
  *tensor = w;
  return OK;
}

ov_status_e ov_infer_request_get_tensor(const ov_infer_request_t* infer_request, const char* tensor_name, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_tensor");
  R_CHECK(infer_request);
  if (!tensor_name) return INVALID_C_PARAM;
  int s = slot_for_name(infer_request, tensor_name);
  if (s < 0) return stub_error(GENERAL_ERROR, "stub: no tensor named %s", tensor_name);
  return wrap(s ? infer_request->out : infer_request->in, tensor);
}

ov_status_e ov_infer_request_get_tensor_by_const_port(const ov_infer_request_t* infer_request, const ov_output_const_port_t* port, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_tensor_by_const_port");
  R_CHECK(infer_request);
  if (!stub_check(port, K_CPORT)) return INVALID_C_PARAM;
  return wrap(port->port_output ? infer_request->out : infer_request->in, tensor);
}

ov_status_e ov_infer_request_get_tensor_by_port(const ov_infer_request_t* infer_request, const ov_output_port_t* port, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_tensor_by_port");
  R_CHECK(infer_request);
  if (!stub_check(port, K_PORT)) return INVALID_C_PARAM;
  return wrap(port->port_output ? infer_request->out : infer_request->in, tensor);
}

ov_status_e ov_infer_request_get_input_tensor_by_index(const ov_infer_request_t* infer_request, const size_t idx, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_input_tensor_by_index");
  R_CHECK(infer_request);
  if (idx != 0) return stub_error(OUT_OF_BOUNDS, "stub: input index %zu", idx);
  return wrap(infer_request->in, tensor);
}

ov_status_e ov_infer_request_get_input_tensor(const ov_infer_request_t* infer_request, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_input_tensor");
  R_CHECK(infer_request);
  return wrap(infer_request->in, tensor);
}

ov_status_e ov_infer_request_get_output_tensor_by_index(const ov_infer_request_t* infer_request, const size_t idx, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_output_tensor_by_index");
  R_CHECK(infer_request);
  if (idx != 0) return stub_error(OUT_OF_BOUNDS, "stub: output index %zu", idx);
  return wrap(infer_request->out, tensor);
}

ov_status_e ov_infer_request_get_output_tensor(const ov_infer_request_t* infer_request, ov_tensor_t** tensor) {
  STUB_ENTER("ov_infer_request_get_output_tensor");
  R_CHECK(infer_request);
  return wrap(infer_request->out, tensor);
}

ov_status_e ov_infer_request_infer(ov_infer_request_t* infer_request) {
  STUB_ENTER("ov_infer_request_infer");
  R_CHECK(infer_request);
  BUSY(infer_request);
  enter_request(infer_request);
  infer_request->cancelled = 0;
  stub_log("ov_infer_request_infer"); /* after the reset: a cancel seen after this line ends this inference */
  sleep_unless_cancelled(infer_request, infer_delay_ms);
  ov_status_e s = infer_request->cancelled ? stub_error(INFER_CANCELLED, "stub: inference was cancelled") : compute(infer_request);
  leave_request(infer_request);
  return s;
}

ov_status_e ov_infer_request_cancel(ov_infer_request_t* infer_request) {
  STUB_ENTER("ov_infer_request_cancel");
  R_CHECK(infer_request);
  infer_request->cancelled = 1;
  stub_log("ov_infer_request_cancel");
  return OK;
}

/* Completion state of a running async request: waiters block on `done`, never on a join, so any
 * number of threads may wait (as with OpenVINO). */
typedef struct {
  pthread_mutex_t m;
  pthread_cond_t c;
  int done;
} async_state;

static void* async_body(void* arg) {
  ov_infer_request_t* r = arg;
  sleep_unless_cancelled(r, async_delay_ms);
  r->status = r->cancelled ? stub_error(INFER_CANCELLED, "stub: inference was cancelled") : compute(r);
  stub_log("async done status=%d", r->status);
  if (r->callback && r->callback->callback_func) r->callback->callback_func(r->callback->args);
  async_state* st = r->thread;
  pthread_mutex_lock(&st->m);
  st->done = 1;
  pthread_cond_broadcast(&st->c);
  pthread_mutex_unlock(&st->m);
  return NULL;
}

ov_status_e ov_infer_request_start_async(ov_infer_request_t* infer_request) {
  STUB_ENTER("ov_infer_request_start_async");
  R_CHECK(infer_request);
  BUSY(infer_request);
  async_state* st = infer_request->thread;
  if (!st) {
    st = calloc(1, sizeof *st);
    pthread_mutex_init(&st->m, NULL);
    pthread_cond_init(&st->c, NULL);
    infer_request->thread = st;
  }
  st->done = 0;
  infer_request->running = 1;
  infer_request->cancelled = 0;
  stub_log("ov_infer_request_start_async");
  pthread_t t;
  if (pthread_create(&t, NULL, async_body, infer_request) != 0) {
    infer_request->running = 0;
    return stub_error(GENERAL_ERROR, "stub: pthread_create failed");
  }
  pthread_detach(t);
  return OK;
}

/* Waits until done or until `deadline` (NULL: forever); 0 when done. */
static int await_done(ov_infer_request_t* r, const struct timespec* deadline) {
  async_state* st = r->thread;
  if (!st) return 0;
  int rc = 0;
  pthread_mutex_lock(&st->m);
  while (!st->done && rc == 0) rc = deadline ? pthread_cond_timedwait(&st->c, &st->m, deadline) : pthread_cond_wait(&st->c, &st->m);
  int done = st->done;
  pthread_mutex_unlock(&st->m);
  return done ? 0 : -1;
}

ov_status_e ov_infer_request_wait(ov_infer_request_t* infer_request) {
  STUB_ENTER("ov_infer_request_wait");
  R_CHECK(infer_request);
  if (!infer_request->running) return infer_request->thread ? infer_request->status : OK;
  await_done(infer_request, NULL);
  infer_request->running = 0;
  return infer_request->status;
}

ov_status_e ov_infer_request_wait_for(ov_infer_request_t* infer_request, const int64_t timeout) {
  STUB_ENTER("ov_infer_request_wait_for");
  R_CHECK(infer_request);
  stub_log("ov_infer_request_wait_for %lld", (long long)timeout);
  if (!infer_request->running) return infer_request->thread ? infer_request->status : OK;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += timeout / 1000;
  ts.tv_nsec += (long)(timeout % 1000) * 1000000L;
  if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
  if (await_done(infer_request, &ts) != 0) return RESULT_NOT_READY;
  infer_request->running = 0;
  return infer_request->status;
}

ov_status_e ov_infer_request_set_callback(ov_infer_request_t* infer_request, const ov_callback_t* callback) {
  STUB_ENTER("ov_infer_request_set_callback");
  R_CHECK(infer_request);
  if (!callback) return INVALID_C_PARAM;
  infer_request->callback = callback; /* like OpenVINO: the pointer itself is kept */
  stub_log("ov_infer_request_set_callback");
  return OK;
}

void ov_infer_request_free(ov_infer_request_t* infer_request) {
  stub_count("ov_infer_request_free");
  if (!infer_request || !stub_release(infer_request, "ov_infer_request_free")) return;
  pthread_mutex_lock(&overlap_lock);
  if (infer_request->inside > 0) overlaps++; /* freed under a running call */
  pthread_mutex_unlock(&overlap_lock);
  if (infer_request->thread) { await_done(infer_request, NULL); free(infer_request->thread); }
  stub_tensor_unref(infer_request->in);
  stub_tensor_unref(infer_request->out);
  stub_model_unref(infer_request->model);
  infer_request->magic = 0;
  free(infer_request);
}

ov_status_e ov_infer_request_get_profiling_info(const ov_infer_request_t* infer_request, ov_profiling_info_list_t* profiling_infos) {
  STUB_ENTER("ov_infer_request_get_profiling_info");
  R_CHECK(infer_request);
  if (!profiling_infos) return INVALID_C_PARAM;
  ov_profiling_info_t* p = stub_track(calloc(2, sizeof *p), "ov_profiling_info_list_free", "profiling");
  p[0] = (ov_profiling_info_t){2, 120, 100, strdup("x"), strdup("unknown_FP32"), strdup("Parameter")};
  p[1] = (ov_profiling_info_t){1, 0, 0, strdup("y/add"), strdup("undef"), strdup("Add")};
  profiling_infos->profiling_infos = p;
  profiling_infos->size = 2;
  return OK;
}

void ov_profiling_info_list_free(ov_profiling_info_list_t* profiling_infos) {
  stub_count("ov_profiling_info_list_free");
  if (!profiling_infos || !profiling_infos->profiling_infos) return;
  if (stub_release(profiling_infos->profiling_infos, "ov_profiling_info_list_free")) {
    for (size_t i = 0; i < profiling_infos->size; i++) {
      free((void*)profiling_infos->profiling_infos[i].node_name);
      free((void*)profiling_infos->profiling_infos[i].exec_type);
      free((void*)profiling_infos->profiling_infos[i].node_type);
    }
    free(profiling_infos->profiling_infos);
  }
  profiling_infos->profiling_infos = NULL;
  profiling_infos->size = 0;
}

/* ---------------- ov_tensor.h ---------------- */
static ov_status_e new_tensor(const char* fn, ov_element_type_e type, ov_shape_t shape, void* host, ov_tensor_t** tensor) {
  char text[160];
  stub_shape_text(text, sizeof text, shape.rank, shape.dims);
  stub_log("%s type=%d shape=%s%s", fn, type, text, host ? " host" : "");
  if (!tensor || shape.rank < 0 || shape.rank > 8 || (shape.rank > 0 && !shape.dims)) return INVALID_C_PARAM;
  int canon = stub_canon_from_code(type);
  if (canon <= 0) return stub_error(GENERAL_ERROR, "stub: element type code %d cannot back a tensor", type);
  ov_tensor_t* t = stub_new(K_TENSOR, "ov_tensor_free");
  t->tensor = stub_tensor_new(canon, shape.rank, shape.dims, host);
  *tensor = t;
  return OK;
}

ov_status_e ov_tensor_create_from_host_ptr(const ov_element_type_e type, const ov_shape_t shape, void* host_ptr, ov_tensor_t** tensor) {
  STUB_ENTER("ov_tensor_create_from_host_ptr");
  if (!host_ptr) return INVALID_C_PARAM;
  return new_tensor("ov_tensor_create_from_host_ptr", type, shape, host_ptr, tensor);
}

ov_status_e ov_tensor_create(const ov_element_type_e type, const ov_shape_t shape, ov_tensor_t** tensor) {
  STUB_ENTER("ov_tensor_create");
  return new_tensor("ov_tensor_create", type, shape, NULL, tensor);
}

ov_status_e ov_tensor_set_shape(ov_tensor_t* tensor, const ov_shape_t shape) {
  STUB_ENTER("ov_tensor_set_shape");
  if (!stub_check(tensor, K_TENSOR) || shape.rank < 0 || shape.rank > 8) return INVALID_C_PARAM;
  char text[160];
  stub_shape_text(text, sizeof text, shape.rank, shape.dims);
  stub_log("ov_tensor_set_shape %s", text);
  tensor_impl* t = tensor->tensor;
  int64_t n = 1;
  for (int64_t i = 0; i < shape.rank; i++) n *= shape.dims[i];
  if (n > elements(t)) {
    if (!t->owns_data) return stub_error(GENERAL_ERROR, "stub: cannot grow a tensor over borrowed memory");
    free(t->data);
    t->data = calloc(1, (size_t)((n * stub_bits(t->canon) + 7) / 8) + 8);
  }
  t->rank = shape.rank;
  for (int64_t i = 0; i < shape.rank; i++) t->dims[i] = shape.dims[i];
  return OK;
}

static void store_strings(tensor_impl* t, const char** strings, size_t n) {
  for (size_t i = 0; i < t->nstrings; i++) free(t->strings[i]);
  free(t->strings);
  t->strings = calloc(n ? n : 1, sizeof(char*));
  t->nstrings = n;
  for (size_t i = 0; i < n; i++) { t->strings[i] = strdup(strings[i]); stub_log("  string[%zu]=%s", i, strings[i]); }
}

ov_status_e ov_tensor_create_from_string_array(const char** string_array, const size_t array_size, const ov_shape_t shape, ov_tensor_t** tensor) {
  STUB_ENTER("ov_tensor_create_from_string_array");
  if (!string_array) return INVALID_C_PARAM;
  ov_status_e s = new_tensor("ov_tensor_create_from_string_array", stub_code_from_canon(23), shape, NULL, tensor);
  if (s != OK) return s;
  if (elements((*tensor)->tensor) != (int64_t)array_size) return stub_error(GENERAL_ERROR, "stub: %zu strings for the shape", array_size);
  store_strings((*tensor)->tensor, string_array, array_size);
  return OK;
}

ov_status_e ov_tensor_set_string_data(ov_tensor_t* tensor, const char** string_array, const size_t array_size) {
  STUB_ENTER("ov_tensor_set_string_data");
  if (!stub_check(tensor, K_TENSOR) || !string_array) return INVALID_C_PARAM;
  if (tensor->tensor->canon != 23) return stub_error(GENERAL_ERROR, "stub: not a string tensor");
  stub_log("ov_tensor_set_string_data %zu", array_size);
  store_strings(tensor->tensor, string_array, array_size);
  return OK;
}

ov_status_e ov_tensor_get_shape(const ov_tensor_t* tensor, ov_shape_t* shape) {
  STUB_ENTER("ov_tensor_get_shape");
  if (!stub_check(tensor, K_TENSOR) || !shape) return INVALID_C_PARAM;
  tensor_impl* t = tensor->tensor;
  if (t->rank == 0) return OK; /* like OpenVINO: a scalar leaves the struct untouched */
  shape->rank = t->rank;
  shape->dims = stub_track(calloc((size_t)t->rank, sizeof(int64_t)), "ov_shape_free", "shape");
  memcpy(shape->dims, t->dims, (size_t)t->rank * sizeof(int64_t));
  return OK;
}

ov_status_e ov_tensor_get_element_type(const ov_tensor_t* tensor, ov_element_type_e* type) {
  STUB_ENTER("ov_tensor_get_element_type");
  if (!stub_check(tensor, K_TENSOR) || !type) return INVALID_C_PARAM;
  *type = stub_code_from_canon(tensor->tensor->canon);
  return OK;
}

ov_status_e ov_tensor_get_size(const ov_tensor_t* tensor, size_t* elements_size) {
  STUB_ENTER("ov_tensor_get_size");
  if (!stub_check(tensor, K_TENSOR) || !elements_size) return INVALID_C_PARAM;
  *elements_size = (size_t)elements(tensor->tensor);
  return OK;
}

ov_status_e ov_tensor_get_byte_size(const ov_tensor_t* tensor, size_t* byte_size) {
  STUB_ENTER("ov_tensor_get_byte_size");
  if (!stub_check(tensor, K_TENSOR) || !byte_size) return INVALID_C_PARAM;
  *byte_size = (size_t)((elements(tensor->tensor) * stub_bits(tensor->tensor->canon) + 7) / 8);
  return OK;
}

ov_status_e ov_tensor_data(const ov_tensor_t* tensor, void** data) {
  STUB_ENTER("ov_tensor_data");
  if (!stub_check(tensor, K_TENSOR) || !data) return INVALID_C_PARAM;
  *data = tensor->tensor->strings ? (void*)tensor->tensor->strings : tensor->tensor->data;
  return OK;
}

void ov_tensor_free(ov_tensor_t* tensor) {
  stub_count("ov_tensor_free");
  if (tensor && stub_release(tensor, "ov_tensor_free")) { stub_tensor_unref(tensor->tensor); tensor->magic = 0; free(tensor); }
}

/* ---------------- ov_remote_context.h ---------------- */
ov_status_e ov_remote_context_create_tensor(const ov_remote_context_t* context, const ov_element_type_e type, const ov_shape_t shape,
                                            const size_t object_args_size, ov_tensor_t** remote_tensor, ...) {
  STUB_ENTER("ov_remote_context_create_tensor");
  if (!stub_check(context, K_CONTEXT) || !remote_tensor) return INVALID_C_PARAM;
  if (object_args_size % 2) return stub_error(INVALID_C_PARAM, "stub: odd object_args_size");
  char line[1024];
  size_t k = (size_t)snprintf(line, sizeof line, "ov_remote_context_create_tensor n=%zu", object_args_size);
  va_list ap;
  va_start(ap, remote_tensor);
  for (size_t i = 0; i < object_args_size / 2; i++) {
    const char* key = va_arg(ap, const char*);
    if (strcmp(key, "MEM_HANDLE") == 0 || strcmp(key, "DEV_OBJECT_HANDLE") == 0) {
      void* v = va_arg(ap, void*);
      k += (size_t)snprintf(line + k, sizeof line - k, " %s=<ptr:%s>", key, v ? "set" : "null");
    } else {
      k += (size_t)snprintf(line + k, sizeof line - k, " %s=%s", key, va_arg(ap, const char*));
    }
  }
  va_end(ap);
  stub_log("%s", line);
  ov_status_e s = new_tensor("  remote", type, shape, NULL, remote_tensor);
  if (s == OK) (*remote_tensor)->tensor->remote = 1;
  return s;
}

ov_status_e ov_remote_context_get_device_name(const ov_remote_context_t* context, char** device_name) {
  STUB_ENTER("ov_remote_context_get_device_name");
  if (!stub_check(context, K_CONTEXT) || !device_name) return INVALID_C_PARAM;
  *device_name = stub_strdup_tracked(context->text);
  return OK;
}

ov_status_e ov_remote_context_get_params(const ov_remote_context_t* context, size_t* size, char** params) {
  STUB_ENTER("ov_remote_context_get_params");
  if (!stub_check(context, K_CONTEXT) || !size || !params) return INVALID_C_PARAM;
  *params = stub_strdup_tracked("CONTEXT_TYPE OCL OCL_CONTEXT 0x1 ");
  *size = 2;
  return OK;
}

ov_status_e ov_remote_context_create_host_tensor(const ov_remote_context_t* context, const ov_element_type_e type, const ov_shape_t shape,
                                                 ov_tensor_t** tensor) {
  STUB_ENTER("ov_remote_context_create_host_tensor");
  if (!stub_check(context, K_CONTEXT)) return INVALID_C_PARAM;
  return new_tensor("ov_remote_context_create_host_tensor", type, shape, NULL, tensor);
}

void ov_remote_context_free(ov_remote_context_t* context) {
  stub_count("ov_remote_context_free");
  if (context && stub_release(context, "ov_remote_context_free")) { context->magic = 0; free(context); }
}

ov_status_e ov_remote_tensor_get_params(ov_tensor_t* tensor, size_t* size, char** params) {
  STUB_ENTER("ov_remote_tensor_get_params");
  if (!stub_check(tensor, K_TENSOR) || !size || !params) return INVALID_C_PARAM;
  if (!tensor->tensor->remote) return stub_error(GENERAL_ERROR, "stub: not a remote tensor");
  *params = stub_strdup_tracked("SHARED_MEM_TYPE OCL_BUFFER ");
  *size = 1;
  return OK;
}

ov_status_e ov_remote_tensor_get_device_name(ov_tensor_t* remote_tensor, char** device_name) {
  STUB_ENTER("ov_remote_tensor_get_device_name");
  if (!stub_check(remote_tensor, K_TENSOR) || !device_name) return INVALID_C_PARAM;
  if (!remote_tensor->tensor->remote) return stub_error(GENERAL_ERROR, "stub: not a remote tensor");
  *device_name = stub_strdup_tracked("GPU.0");
  return OK;
}
