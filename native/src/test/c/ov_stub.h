/*
 * TEST DOUBLE - jvino's ABI conformance stub of the OpenVINO C API.
 *
 * This library is built by jvino's tests only (gcc, into target/) and loaded only by tests. It is NOT
 * OpenVINO: it exports the C API's symbols with the same prototypes (written for jvino from the
 * signatures of the 2026 headers), records what arrives, and answers with small fake objects so the
 * Java bindings can be exercised without a runtime. Nothing here computes real inference.
 */
#ifndef JVINO_OV_STUB_H
#define JVINO_OV_STUB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

typedef int ov_status_e; /* OK=0 ... UNKNOW_EXCEPTION=-17 */
#define OK 0
#define GENERAL_ERROR -1
#define NOT_IMPLEMENTED -2
#define PARAMETER_MISMATCH -4
#define NOT_FOUND -5
#define OUT_OF_BOUNDS -6
#define REQUEST_BUSY -8
#define RESULT_NOT_READY -9
#define INFER_CANCELLED -13
#define INVALID_C_PARAM -14

typedef int ov_element_type_e;
typedef int ov_color_format_e;
typedef int ov_preprocess_resize_algorithm_e;
typedef int ov_padding_mode_e;

typedef struct { int64_t rank; int64_t* dims; } ov_shape_t;
typedef struct { int64_t min; int64_t max; } ov_dimension_t;
typedef ov_dimension_t ov_rank_t;
typedef struct { ov_rank_t rank; ov_dimension_t* dims; } ov_partial_shape_t;
typedef struct { const char* buildNumber; const char* description; } ov_version_t;
typedef struct { const char* device_name; ov_version_t version; } ov_core_version_t;
typedef struct { ov_core_version_t* versions; size_t size; } ov_core_version_list_t;
typedef struct { char** devices; size_t size; } ov_available_devices_t;
typedef struct { void (*callback_func)(void* args); void* args; } ov_callback_t;
typedef struct {
  int status;
  int64_t real_time;
  int64_t cpu_time;
  const char* node_name;
  const char* exec_type;
  const char* node_type;
} ov_profiling_info_t;
typedef struct { ov_profiling_info_t* profiling_infos; size_t size; } ov_profiling_info_list_t;
typedef struct { const char* key; const void* value; } ov_property_t;
typedef void (*ov_util_log_callback_func)(const char* message);
typedef void (*encryption_func)(const char*, size_t, char*, size_t*);
typedef struct { encryption_func encrypt_func; encryption_func decrypt_func; } ov_encryption_callbacks;

/* Every handle type is one stub object; `kind` tells them apart. */
typedef struct stub_obj stub_obj;
typedef stub_obj ov_core_t, ov_model_t, ov_compiled_model_t, ov_infer_request_t, ov_tensor_t,
    ov_output_port_t, ov_output_const_port_t, ov_layout_t, ov_remote_context_t,
    ov_preprocess_prepostprocessor_t, ov_preprocess_input_info_t, ov_preprocess_input_tensor_info_t,
    ov_preprocess_preprocess_steps_t, ov_preprocess_output_info_t, ov_preprocess_output_tensor_info_t,
    ov_preprocess_input_model_info_t;

enum stub_kind {
  K_CORE = 1, K_MODEL, K_CMODEL, K_REQUEST, K_TENSOR, K_PORT, K_CPORT, K_LAYOUT, K_CONTEXT,
  K_PPP, K_PPP_INPUT, K_PPP_ITI, K_PPP_STEPS, K_PPP_OUTPUT, K_PPP_OTI, K_PPP_IMI
};

/* Shared tensor storage, reference counted: wrappers from get_tensor share it. */
typedef struct tensor_impl {
  int refs;
  int canon;           /* element type as a 2025.1 code */
  int64_t rank;
  int64_t dims[8];
  void* data;
  int owns_data;       /* 0 for host-pointer tensors */
  char** strings;      /* string tensors */
  size_t nstrings;
  int remote;
} tensor_impl;

typedef struct stub_model {
  int refs;
  char name[64];
  char input_name[32];
  char output_name[32];
  ov_partial_shape_t in_shape; /* dims owned */
  int in_canon;
  int64_t out_dims[2];
  tensor_impl* weights; /* shared with read_model_from_memory_buffer */
} stub_model;

struct stub_obj {
  int magic;
  int kind;
  stub_model* model;    /* MODEL, CMODEL, PPP, ports */
  int port_index;       /* ports */
  int port_output;      /* ports: 1 for outputs */
  tensor_impl* tensor;  /* TENSOR */
  char text[128];       /* LAYOUT description, CONTEXT device, property bag (CMODEL) */
  char props[1024];     /* "KEY=VALUE\n" lines */
  /* REQUEST */
  tensor_impl* in;
  tensor_impl* out;
  const ov_callback_t* callback;
  int running;
  int inside;           /* calls (other than wait/cancel) currently inside this request */
  int cancelled;
  int status;
  void* thread;         /* pthread_t* */
  stub_obj* parent;     /* PPP sub-objects: the PPP; REQUEST: compiled model */
  int ppp_canon;        /* PPP: element type set on the tensor info, -1 if none */
};

/* ---- helpers shared by the stub's files (stub_base.c) ---- */
void stub_log(const char* fmt, ...);
void stub_count(const char* fn);
int stub_failure(const char* fn);     /* a failure planted with jvino_stub_fail_next, or 0 */
ov_status_e stub_error(ov_status_e status, const char* fmt, ...);
void* stub_track(void* p, const char* freer, const char* what);
int stub_release(void* p, const char* freer);
char* stub_strdup_tracked(const char* s);
stub_obj* stub_new(int kind, const char* freer);
int stub_check(const void* p, int kind);
void stub_shape_text(char* out, size_t n, int64_t rank, const int64_t* dims);
void stub_pshape_text(char* out, size_t n, ov_partial_shape_t ps);
int stub_canon_from_code(int code);   /* -1 if unknown in the current numbering */
int stub_code_from_canon(int canon);
int64_t stub_bits(int canon);
tensor_impl* stub_tensor_new(int canon, int64_t rank, const int64_t* dims, void* host);
void stub_tensor_unref(tensor_impl* t);
stub_model* stub_model_new(const char* name, int dynamic);
void stub_model_unref(stub_model* m);
const char* stub_version(void);
void stub_props_put(char* bag, size_t n, const char* key, const char* value);
const char* stub_props_get(const char* bag, const char* key, char* out, size_t n);

#define STUB_ENTER(fn)                 \
  stub_count(fn);                      \
  do {                                 \
    int planted_ = stub_failure(fn);   \
    if (planted_ != 0) return planted_; \
  } while (0)

#endif
