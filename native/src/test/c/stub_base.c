/* TEST DOUBLE - see ov_stub.h. Log, allocation ledger, element types, common and util functions. */
#include "ov_stub.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC 0x4A564E4F
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* ---------------- call log ---------------- */
static char log_buf[1 << 20];
static size_t log_len;

void stub_log(const char* fmt, ...) {
  pthread_mutex_lock(&lock);
  va_list ap;
  va_start(ap, fmt);
  if (log_len < sizeof log_buf - 512) {
    int n = vsnprintf(log_buf + log_len, sizeof log_buf - log_len - 2, fmt, ap);
    if (n > 0) log_len += (size_t)n < sizeof log_buf - log_len - 2 ? (size_t)n : 0;
    log_buf[log_len++] = '\n';
    log_buf[log_len] = 0;
  }
  va_end(ap);
  pthread_mutex_unlock(&lock);
}

/* ---------------- per-function call counts ---------------- */
static struct { char name[80]; int calls; } counts[256];
static int ncounts;

void stub_count(const char* fn) {
  pthread_mutex_lock(&lock);
  int i;
  for (i = 0; i < ncounts; i++) if (strcmp(counts[i].name, fn) == 0) break;
  if (i == ncounts && ncounts < 256) { snprintf(counts[i].name, sizeof counts[i].name, "%s", fn); ncounts++; }
  if (i < 256) counts[i].calls++;
  pthread_mutex_unlock(&lock);
}

/* ---------------- planted failures and the last error ---------------- */
static char fail_fn[80];
static int fail_status;
static char fail_msg[256];
static char last_error[512];

int stub_failure(const char* fn) {
  pthread_mutex_lock(&lock);
  int s = 0;
  if (fail_fn[0] && strcmp(fail_fn, fn) == 0) {
    s = fail_status;
    snprintf(last_error, sizeof last_error, "%s", fail_msg);
    fail_fn[0] = 0;
  }
  pthread_mutex_unlock(&lock);
  if (s) stub_log("%s -> planted %d", fn, s);
  return s;
}

ov_status_e stub_error(ov_status_e status, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&lock);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  pthread_mutex_unlock(&lock);
  va_end(ap);
  return status;
}

/* ---------------- allocation ledger: what was handed out, and which free releases it ---------------- */
static struct { void* p; const char* freer; const char* what; } ledger[4096];
static int nledger;
static int bad_frees;
static long allocations;   /* everything ever handed out through the ledger */
static long releases;      /* everything given back through its own free function */
static int ledger_overflow; /* handed out while the ledger was full (then it cannot be checked) */
static long impls_live;    /* internal tensor storage and model objects not yet destroyed */

void* stub_track(void* p, const char* freer, const char* what) {
  pthread_mutex_lock(&lock);
  if (nledger < 4096) { ledger[nledger].p = p; ledger[nledger].freer = freer; ledger[nledger].what = what; nledger++; }
  else ledger_overflow++;
  allocations++;
  pthread_mutex_unlock(&lock);
  return p;
}

int stub_release(void* p, const char* freer) {
  int ok = 0;
  const char* expected = "(not allocated by the stub)";
  pthread_mutex_lock(&lock);
  for (int i = 0; i < nledger; i++) {
    if (ledger[i].p == p) {
      expected = ledger[i].freer;
      if (strcmp(ledger[i].freer, freer) == 0) {
        ledger[i] = ledger[--nledger];
        ok = 1;
        releases++;
      }
      break;
    }
  }
  if (!ok) bad_frees++;
  pthread_mutex_unlock(&lock);
  if (!ok) stub_log("BADFREE %s(%p) expected %s", freer, p, expected);
  return ok;
}

char* stub_strdup_tracked(const char* s) {
  char* c = malloc(strlen(s) + 1);
  strcpy(c, s);
  return stub_track(c, "ov_free", "string");
}

stub_obj* stub_new(int kind, const char* freer) {
  stub_obj* o = calloc(1, sizeof *o);
  o->magic = MAGIC;
  o->kind = kind;
  o->ppp_canon = -1;
  return stub_track(o, freer, "handle");
}

int stub_check(const void* p, int kind) {
  const stub_obj* o = p;
  return o != NULL && o->magic == MAGIC && o->kind == kind;
}

void stub_shape_text(char* out, size_t n, int64_t rank, const int64_t* dims) {
  size_t k = (size_t)snprintf(out, n, "[");
  for (int64_t i = 0; i < rank && k < n; i++) k += (size_t)snprintf(out + k, n - k, i ? ",%lld" : "%lld", (long long)dims[i]);
  if (k < n) snprintf(out + k, n - k, "]");
}

void stub_pshape_text(char* out, size_t n, ov_partial_shape_t ps) {
  if (ps.rank.min != ps.rank.max || ps.rank.min < 0) { snprintf(out, n, "[...]"); return; }
  size_t k = (size_t)snprintf(out, n, "[");
  for (int64_t i = 0; i < ps.rank.max && k < n; i++) {
    ov_dimension_t d = ps.dims[i];
    const char* sep = i ? "," : "";
    if (d.min == d.max && d.min >= 0) k += (size_t)snprintf(out + k, n - k, "%s%lld", sep, (long long)d.min);
    else if (d.min <= 0 && d.max == -1) k += (size_t)snprintf(out + k, n - k, "%s?", sep);
    else k += (size_t)snprintf(out + k, n - k, "%s%lld..%lld", sep, (long long)d.min, (long long)d.max);
  }
  if (k < n) snprintf(out + k, n - k, "]");
}

/* ---------------- version and element-type numbering ---------------- */
#ifndef STUB_VERSION
#define STUB_VERSION "2026.4.0-stub"
#endif
static char version_text[64] = STUB_VERSION;
static int numbering; /* 0: 2025.1+, 1: 2024.4-2024.6, 2: 2024.0 */

/* 2024.0 order as 2025.1 codes: undefined, dynamic, boolean, bf16 ... f8e5m2 */
static const int v2024_0[] = {-2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 16, 17, 18, 19, 20, 21, 22};

int stub_canon_from_code(int code) {
  switch (numbering) {
    case 0: return code >= 0 && code <= 25 ? code : -1;
    case 1: return code >= 1 && code <= 26 ? code - 1 : -1;
    default: return code >= 1 && code <= 20 ? v2024_0[code] : -1;
  }
}

int stub_code_from_canon(int canon) {
  switch (numbering) {
    case 0: return canon;
    case 1: return canon + 1;
    default:
      for (int i = 1; i <= 20; i++) if (v2024_0[i] == canon) return i;
      return 0;
  }
}

int64_t stub_bits(int canon) {
  static const int64_t bits[] = {0, 8, 16, 16, 32, 64, 4, 8, 16, 32, 64, 1, 2, 3, 4, 6, 8, 16, 32, 64, 4, 8, 8, 256, 4, 8};
  return canon >= 0 && canon <= 25 ? bits[canon] : 0;
}

const char* stub_version(void) { return version_text; }

/* Test-only: pretend to be another release ("2024.6.0-...", "2024.0.0-...", "2026.1.0-..."). */
void jvino_stub_set_version(const char* v) {
  snprintf(version_text, sizeof version_text, "%s", v);
  numbering = strncmp(v, "2024.0", 6) == 0 ? 2 : strncmp(v, "2024.", 5) == 0 ? 1 : 0;
}

static void impl_count(int delta) {
  pthread_mutex_lock(&lock);
  impls_live += delta;
  pthread_mutex_unlock(&lock);
}

tensor_impl* stub_tensor_new(int canon, int64_t rank, const int64_t* dims, void* host) {
  tensor_impl* t = calloc(1, sizeof *t);
  impl_count(1);
  t->refs = 1;
  t->canon = canon;
  t->rank = rank;
  int64_t n = 1;
  for (int64_t i = 0; i < rank && i < 8; i++) { t->dims[i] = dims[i]; n *= dims[i]; }
  if (host) { t->data = host; t->owns_data = 0; }
  else { t->data = calloc(1, (size_t)((n * stub_bits(canon) + 7) / 8) + 8); t->owns_data = 1; }
  return t;
}

void stub_tensor_unref(tensor_impl* t) {
  if (t && --t->refs == 0) {
    if (t->owns_data) free(t->data);
    for (size_t i = 0; i < t->nstrings; i++) free(t->strings[i]);
    free(t->strings);
    free(t);
    impl_count(-1);
  }
}

stub_model* stub_model_new(const char* name, int dynamic) {
  stub_model* m = calloc(1, sizeof *m);
  impl_count(1);
  m->refs = 1;
  snprintf(m->name, sizeof m->name, "%s", name);
  snprintf(m->input_name, sizeof m->input_name, "x");
  snprintf(m->output_name, sizeof m->output_name, "y");
  m->in_shape.rank.min = m->in_shape.rank.max = 2;
  m->in_shape.dims = calloc(2, sizeof(ov_dimension_t));
  m->in_shape.dims[0] = dynamic ? (ov_dimension_t){0, -1} : (ov_dimension_t){1, 1};
  m->in_shape.dims[1] = (ov_dimension_t){4, 4};
  m->in_canon = 4; /* f32 */
  m->out_dims[0] = 1;
  m->out_dims[1] = 4;
  return m;
}

void stub_model_unref(stub_model* m) {
  if (m && --m->refs == 0) {
    free(m->in_shape.dims);
    stub_tensor_unref(m->weights);
    free(m);
    impl_count(-1);
  }
}

void stub_props_put(char* bag, size_t n, const char* key, const char* value) {
  size_t len = strlen(bag);
  snprintf(bag + len, n - len, "%s=%s\n", key, value);
}

const char* stub_props_get(const char* bag, const char* key, char* out, size_t n) {
  const char* found = NULL;
  size_t klen = strlen(key);
  for (const char* p = bag; *p;) {
    const char* eol = strchr(p, '\n');
    if (!eol) break;
    if (strncmp(p, key, klen) == 0 && p[klen] == '=') found = p + klen + 1; /* last write wins */
    p = eol + 1;
  }
  if (!found) return NULL;
  size_t len = (size_t)(strchr(found, '\n') - found);
  if (len >= n) len = n - 1;
  memcpy(out, found, len);
  out[len] = 0;
  return out;
}

/* ---------------- ov_common.h ---------------- */
const char* ov_get_error_info(ov_status_e status) {
  stub_count("ov_get_error_info");
  static const char* texts[] = {"success", "general error", "it's not implement", "failed to network",
      "input parameter mismatch", "cannot find the value", "out of bounds", "run with unexpected error",
      "request is busy", "result is not ready", "it is not allocated", "inference start with error",
      "network is not ready", "inference is canceled", "invalid c input parameters", "unknown c error",
      "not implement in c method", "unknown exception"};
  int i = -status;
  return texts[i >= 0 && i <= 17 ? i : 17];
}

void ov_free(const char* content) {
  stub_count("ov_free");
  if (content == NULL) return;
  stub_log("ov_free %s", content);
  if (stub_release((void*)content, "ov_free")) free((void*)content);
}

const char* ov_get_last_err_msg(void) {
  stub_count("ov_get_last_err_msg");
  pthread_mutex_lock(&lock);
  char copy[512];
  snprintf(copy, sizeof copy, "%s", last_error);
  pthread_mutex_unlock(&lock);
  return copy[0] ? stub_strdup_tracked(copy) : NULL;
}

/* ---------------- ov_util.h ---------------- */
static ov_util_log_callback_func log_callback;

void ov_util_set_log_callback(ov_util_log_callback_func func) {
  stub_count("ov_util_set_log_callback");
  stub_log("ov_util_set_log_callback %s", func ? "set" : "null");
  log_callback = func;
}

void ov_util_reset_log_callback(void) {
  stub_count("ov_util_reset_log_callback");
  stub_log("ov_util_reset_log_callback");
  log_callback = NULL;
}

static void* emit_thread(void* msg) {
  if (log_callback) log_callback((const char*)msg);
  return NULL;
}

/* ---------------- test-only controls (not part of the OpenVINO API) ---------------- */
const char* jvino_stub_log(void) { return log_buf; }

void jvino_stub_clear_log(void) {
  pthread_mutex_lock(&lock);
  log_len = 0;
  log_buf[0] = 0;
  pthread_mutex_unlock(&lock);
}

int jvino_stub_calls(const char* fn) {
  pthread_mutex_lock(&lock);
  int c = 0;
  for (int i = 0; i < ncounts; i++) if (strcmp(counts[i].name, fn) == 0) c = counts[i].calls;
  pthread_mutex_unlock(&lock);
  return c;
}

int jvino_stub_live(void) { return nledger; }
int jvino_stub_bad_frees(void) { return bad_frees; }

/* Leak accounting over the process's life: allocations handed out, releases through the right free
 * function, hand-outs the full ledger could not record, and live internal objects (tensor storage,
 * models) whose reference counts have not dropped to zero. */
long jvino_stub_allocations(void) { pthread_mutex_lock(&lock); long v = allocations; pthread_mutex_unlock(&lock); return v; }
long jvino_stub_releases(void) { pthread_mutex_lock(&lock); long v = releases; pthread_mutex_unlock(&lock); return v; }
int jvino_stub_ledger_overflow(void) { return ledger_overflow; }
long jvino_stub_impls_live(void) { pthread_mutex_lock(&lock); long v = impls_live; pthread_mutex_unlock(&lock); return v; }

/* The next call of `fn` returns `status` and sets the last error text to `msg`. */
void jvino_stub_fail_next(const char* fn, int status, const char* msg) {
  pthread_mutex_lock(&lock);
  snprintf(fail_fn, sizeof fail_fn, "%s", fn);
  fail_status = status;
  snprintf(fail_msg, sizeof fail_msg, "%s", msg ? msg : "");
  if (!msg) last_error[0] = 0;
  pthread_mutex_unlock(&lock);
}

/* Sends `msg` to the installed log callback from a new (foreign) pthread and waits for it. */
int jvino_stub_emit_log(const char* msg) {
  pthread_t t;
  if (pthread_create(&t, NULL, emit_thread, (void*)msg) != 0) return -1;
  pthread_join(t, NULL);
  return log_callback ? 1 : 0;
}
