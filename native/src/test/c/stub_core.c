/* TEST DOUBLE - see ov_stub.h. ov_core.h and ov_compiled_model.h. */
#include "ov_stub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_gpu_pointer_key(const char* key) {
  return strcmp(key, "OCL_CONTEXT") == 0 || strcmp(key, "OCL_QUEUE") == 0 || strcmp(key, "VA_DEVICE") == 0 ||
         strcmp(key, "MEM_HANDLE") == 0 || strcmp(key, "DEV_OBJECT_HANDLE") == 0;
}

/* Exercises cache encryption callbacks the way OpenVINO does: each function is called twice, first
 * with out = NULL to learn the size, then with a buffer. Logs what came back. */
static void run_encryption(const ov_encryption_callbacks* cb, char* line, size_t n) {
  size_t k = strlen(line);
  if (!cb || !cb->encrypt_func || !cb->decrypt_func) {
    snprintf(line + k, n - k, " CACHE_ENCRYPTION_CALLBACKS=<missing>");
    return;
  }
  const char plain[] = "stub-cache-blob";
  size_t enc_size = 0;
  cb->encrypt_func(plain, sizeof plain - 1, NULL, &enc_size);
  char* enc = calloc(1, enc_size + 1);
  cb->encrypt_func(plain, sizeof plain - 1, enc, &enc_size);
  size_t dec_size = 0;
  cb->decrypt_func(enc, enc_size, NULL, &dec_size);
  char* dec = calloc(1, dec_size + 1);
  cb->decrypt_func(enc, enc_size, dec, &dec_size);
  snprintf(line + k, n - k, " CACHE_ENCRYPTION_CALLBACKS=encrypt:%zu:%.*s,decrypt:%zu:%.*s", enc_size, (int)enc_size, enc,
           dec_size, (int)dec_size, dec);
  free(enc);
  free(dec);
}

/* Reads `count` variadic arguments as key/value pairs, logging them and storing them in `bag`. */
static ov_status_e read_pairs(const char* fn, size_t count, va_list ap, char* bag, size_t bagsize, char* line, size_t n) {
  if (count % 2 != 0) return stub_error(INVALID_C_PARAM, "%s: odd property_args_size %zu", fn, count);
  size_t k = strlen(line);
  for (size_t i = 0; i < count / 2; i++) {
    const char* key = va_arg(ap, const char*);
    if (strcmp(key, "CACHE_ENCRYPTION_CALLBACKS") == 0) {
      run_encryption(va_arg(ap, const ov_encryption_callbacks*), line, n);
      k = strlen(line);
    } else if (is_gpu_pointer_key(key)) {
      void* value = va_arg(ap, void*);
      k += (size_t)snprintf(line + k, n - k, " %s=<ptr:%s>", key, value ? "set" : "null");
    } else {
      const char* value = va_arg(ap, const char*);
      k += (size_t)snprintf(line + k, n - k, " %s=%s", key, value);
      if (bag) stub_props_put(bag, bagsize, key, value);
    }
  }
  return OK;
}

__attribute__((unused)) static void put_props(char* bag, size_t bagsize, size_t n, const ov_property_t* props, char* line, size_t ln) {
  size_t k = strlen(line);
  for (size_t i = 0; i < n; i++) {
    if (strcmp(props[i].key, "CACHE_ENCRYPTION_CALLBACKS") == 0) {
      run_encryption(props[i].value, line, ln);
      k = strlen(line);
      continue;
    }
    k += (size_t)snprintf(line + k, ln - k, " %s=%s", props[i].key, (const char*)props[i].value);
    stub_props_put(bag, bagsize, props[i].key, (const char*)props[i].value);
  }
}

ov_status_e ov_get_openvino_version(ov_version_t* version) {
  STUB_ENTER("ov_get_openvino_version");
  if (!version) return INVALID_C_PARAM;
  version->buildNumber = stub_track(strdup(stub_version()), "ov_version_free", "version");
  version->description = stub_track(strdup("jvino ABI stub (test double, not OpenVINO)"), "ov_version_free", "version");
  return OK;
}

void ov_version_free(ov_version_t* version) {
  stub_count("ov_version_free");
  if (!version) return;
  if (stub_release((void*)version->buildNumber, "ov_version_free")) free((void*)version->buildNumber);
  if (stub_release((void*)version->description, "ov_version_free")) free((void*)version->description);
  version->buildNumber = version->description = NULL;
}

ov_status_e ov_core_create(ov_core_t** core) {
  STUB_ENTER("ov_core_create");
  if (!core) return INVALID_C_PARAM;
  *core = stub_new(K_CORE, "ov_core_free");
  stub_log("ov_core_create");
  return OK;
}

ov_status_e ov_core_create_with_config(const char* xml_config_file, ov_core_t** core) {
  STUB_ENTER("ov_core_create_with_config");
  if (!xml_config_file || !core) return INVALID_C_PARAM;
  stub_log("ov_core_create_with_config %s", xml_config_file);
  if (strstr(xml_config_file, "missing")) return stub_error(GENERAL_ERROR, "stub: cannot open plugins file %s", xml_config_file);
  *core = stub_new(K_CORE, "ov_core_free");
  return OK;
}

static void log_wide(const char* fn, const wchar_t* w) {
  char buf[256];
  size_t k = 0;
  for (; w && w[k] && k < sizeof buf - 1; k++) buf[k] = w[k] < 128 ? (char)w[k] : '#';
  buf[k] = 0;
  stub_log("%s %s", fn, buf);
}

ov_status_e ov_core_create_with_config_unicode(const wchar_t* xml_config_file_ws, ov_core_t** core) {
  STUB_ENTER("ov_core_create_with_config_unicode");
  if (!xml_config_file_ws || !core) return INVALID_C_PARAM;
  log_wide("ov_core_create_with_config_unicode", xml_config_file_ws);
  *core = stub_new(K_CORE, "ov_core_free");
  return OK;
}

void ov_core_free(ov_core_t* core) {
  stub_count("ov_core_free");
  if (core && stub_release(core, "ov_core_free")) { core->magic = 0; free(core); }
}

static ov_status_e make_model(const char* path, ov_model_t** model) {
  if (strstr(path, "bad")) return stub_error(GENERAL_ERROR, "stub: cannot parse model %s", path);
  ov_model_t* m = stub_new(K_MODEL, "ov_model_free");
  m->model = stub_model_new("stub_model", strstr(path, "dyn") != NULL);
  *model = m;
  return OK;
}

ov_status_e ov_core_read_model(const ov_core_t* core, const char* model_path, const char* bin_path, ov_model_t** model) {
  STUB_ENTER("ov_core_read_model");
  if (!stub_check(core, K_CORE) || !model_path || !model) return INVALID_C_PARAM;
  stub_log("ov_core_read_model %s %s", model_path, bin_path ? bin_path : "(null)");
  return make_model(model_path, model);
}

ov_status_e ov_core_read_model_unicode(const ov_core_t* core, const wchar_t* model_path, const wchar_t* bin_path, ov_model_t** model) {
  STUB_ENTER("ov_core_read_model_unicode");
  if (!stub_check(core, K_CORE) || !model_path || !model) return INVALID_C_PARAM;
  log_wide("ov_core_read_model_unicode", model_path);
  (void)bin_path;
  return make_model("unicode", model);
}

ov_status_e ov_core_read_model_from_memory_buffer(const ov_core_t* core, const char* model_str, const size_t str_len,
                                                  const ov_tensor_t* weights, ov_model_t** model) {
  STUB_ENTER("ov_core_read_model_from_memory_buffer");
  if (!stub_check(core, K_CORE) || !model_str || !model) return INVALID_C_PARAM;
  if (str_len < 4 || memcmp(model_str, "<", 1) != 0) return stub_error(GENERAL_ERROR, "stub: model text of %zu bytes is not XML", str_len);
  size_t wbytes = 0;
  int first = -1;
  if (weights && stub_check(weights, K_TENSOR)) {
    tensor_impl* t = weights->tensor;
    int64_t n = 1;
    for (int64_t i = 0; i < t->rank; i++) n *= t->dims[i];
    wbytes = (size_t)((n * stub_bits(t->canon) + 7) / 8);
    first = wbytes ? ((unsigned char*)t->data)[0] : -1;
  }
  stub_log("ov_core_read_model_from_memory_buffer len=%zu weights=%zu first=%d", str_len, wbytes, first);
  ov_status_e s = make_model("memory", model);
  if (s == OK && weights) { (*model)->model->weights = weights->tensor; weights->tensor->refs++; }
  return s;
}

static ov_compiled_model_t* new_compiled(const ov_model_t* model, const char* props) {
  ov_compiled_model_t* c = stub_new(K_CMODEL, "ov_compiled_model_free");
  c->model = model ? model->model : stub_model_new("imported_model", 0);
  if (model) c->model->refs++;
  snprintf(c->props, sizeof c->props, "%s", props);
  return c;
}

static ov_status_e check_device(const char* device) {
  if (device && strcmp(device, "NPU_MISSING") == 0) return stub_error(GENERAL_ERROR, "stub: device %s is not registered", device);
  return OK;
}

ov_status_e ov_core_compile_model(const ov_core_t* core, const ov_model_t* model, const char* device_name,
                                  const size_t property_args_size, ov_compiled_model_t** compiled_model, ...) {
  STUB_ENTER("ov_core_compile_model");
  if (!stub_check(core, K_CORE) || !stub_check(model, K_MODEL) || !compiled_model) return INVALID_C_PARAM;
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "ov_core_compile_model %s n=%zu", device_name ? device_name : "(null)", property_args_size);
  va_list ap;
  va_start(ap, compiled_model);
  ov_status_e s = read_pairs("ov_core_compile_model", property_args_size, ap, bag, sizeof bag, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  if (s == OK) s = check_device(device_name);
  if (s == OK) *compiled_model = new_compiled(model, bag);
  return s;
}

ov_status_e ov_core_compile_model_from_file(const ov_core_t* core, const char* model_path, const char* device_name,
                                            const size_t property_args_size, ov_compiled_model_t** compiled_model, ...) {
  STUB_ENTER("ov_core_compile_model_from_file");
  if (!stub_check(core, K_CORE) || !model_path || !compiled_model) return INVALID_C_PARAM;
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "ov_core_compile_model_from_file %s %s n=%zu", model_path, device_name, property_args_size);
  va_list ap;
  va_start(ap, compiled_model);
  ov_status_e s = read_pairs("ov_core_compile_model_from_file", property_args_size, ap, bag, sizeof bag, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  if (s == OK && strstr(model_path, "bad")) s = stub_error(GENERAL_ERROR, "stub: cannot parse model %s", model_path);
  if (s == OK) *compiled_model = new_compiled(NULL, bag);
  return s;
}

ov_status_e ov_core_compile_model_from_file_unicode(const ov_core_t* core, const wchar_t* model_path, const char* device_name,
                                                    const size_t property_args_size, ov_compiled_model_t** compiled_model, ...) {
  STUB_ENTER("ov_core_compile_model_from_file_unicode");
  if (!stub_check(core, K_CORE) || !model_path || !compiled_model) return INVALID_C_PARAM;
  log_wide("ov_core_compile_model_from_file_unicode", model_path);
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "  device=%s n=%zu", device_name, property_args_size);
  va_list ap;
  va_start(ap, compiled_model);
  ov_status_e s = read_pairs("ov_core_compile_model_from_file_unicode", property_args_size, ap, bag, sizeof bag, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  if (s == OK) *compiled_model = new_compiled(NULL, bag);
  return s;
}

#ifndef STUB_WITHOUT_2026_4 /* the non-variadic _props API is absent before 2026.4 */
ov_status_e ov_core_compile_model_props(const ov_core_t* core, const ov_model_t* model, const char* device_name,
                                        const size_t num_properties, const ov_property_t* properties,
                                        ov_compiled_model_t** compiled_model) {
  STUB_ENTER("ov_core_compile_model_props");
  if (!stub_check(core, K_CORE) || !stub_check(model, K_MODEL) || !compiled_model) return INVALID_C_PARAM;
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "ov_core_compile_model_props %s n=%zu", device_name, num_properties);
  put_props(bag, sizeof bag, num_properties, properties, line, sizeof line);
  stub_log("%s", line);
  *compiled_model = new_compiled(model, bag);
  return OK;
}
#endif

#ifndef STUB_WITHOUT_2026_4 /* the non-variadic _props API is absent before 2026.4 */
ov_status_e ov_core_compile_model_from_file_props(const ov_core_t* core, const char* model_path, const char* device_name,
                                                  const size_t num_properties, const ov_property_t* properties,
                                                  ov_compiled_model_t** compiled_model) {
  STUB_ENTER("ov_core_compile_model_from_file_props");
  if (!stub_check(core, K_CORE) || !model_path || !compiled_model) return INVALID_C_PARAM;
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "ov_core_compile_model_from_file_props %s %s n=%zu", model_path, device_name, num_properties);
  put_props(bag, sizeof bag, num_properties, properties, line, sizeof line);
  stub_log("%s", line);
  *compiled_model = new_compiled(NULL, bag);
  return OK;
}
#endif

ov_status_e ov_core_add_extension(const ov_core_t* core, const char* path) {
  STUB_ENTER("ov_core_add_extension");
  if (!stub_check(core, K_CORE) || !path) return INVALID_C_PARAM;
  stub_log("ov_core_add_extension %s", path);
  if (strstr(path, "missing")) return stub_error(GENERAL_ERROR, "stub: cannot load extension %s", path);
  return OK;
}

ov_status_e ov_core_set_property(const ov_core_t* core, const char* device_name, ...) {
  STUB_ENTER("ov_core_set_property");
  if (!stub_check(core, K_CORE)) return INVALID_C_PARAM;
  char line[512];
  snprintf(line, sizeof line, "ov_core_set_property %s", device_name ? device_name : "(null)");
  va_list ap;
  va_start(ap, device_name);
  read_pairs("ov_core_set_property", 2, ap, ((ov_core_t*)core)->props, sizeof core->props, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  return OK;
}

#ifndef STUB_WITHOUT_2026_4 /* the non-variadic _props API is absent before 2026.4 */
ov_status_e ov_core_set_properties(const ov_core_t* core, const char* device_name, const size_t num_properties,
                                   const ov_property_t* properties) {
  STUB_ENTER("ov_core_set_properties");
  if (!stub_check(core, K_CORE)) return INVALID_C_PARAM;
  char line[1024];
  snprintf(line, sizeof line, "ov_core_set_properties %s n=%zu", device_name, num_properties);
  put_props(((ov_core_t*)core)->props, sizeof core->props, num_properties, properties, line, sizeof line);
  stub_log("%s", line);
  return OK;
}
#endif

ov_status_e ov_core_get_property(const ov_core_t* core, const char* device_name, const char* property_key, char** property_value) {
  STUB_ENTER("ov_core_get_property");
  if (!stub_check(core, K_CORE) || !device_name || !property_key || !property_value) return INVALID_C_PARAM;
  stub_log("ov_core_get_property %s %s", device_name, property_key);
  char buf[256];
  const char* v = stub_props_get(core->props, property_key, buf, sizeof buf);
  if (!v && strcmp(property_key, "FULL_DEVICE_NAME") == 0) v = "Stub CPU (test double)";
  if (!v && strcmp(property_key, "SUPPORTED_PROPERTIES") == 0) v = "CACHE_DIR NUM_STREAMS PERFORMANCE_HINT FULL_DEVICE_NAME";
  if (!v) return stub_error(NOT_FOUND, "stub: unsupported property %s for %s", property_key, device_name);
  *property_value = stub_strdup_tracked(v);
  return OK;
}

ov_status_e ov_core_get_available_devices(const ov_core_t* core, ov_available_devices_t* devices) {
  STUB_ENTER("ov_core_get_available_devices");
  if (!stub_check(core, K_CORE) || !devices) return INVALID_C_PARAM;
  devices->size = 2;
  devices->devices = stub_track(calloc(2, sizeof(char*)), "ov_available_devices_free", "devices");
  devices->devices[0] = strdup("CPU");
  devices->devices[1] = strdup("GPU.0");
  return OK;
}

void ov_available_devices_free(ov_available_devices_t* devices) {
  stub_count("ov_available_devices_free");
  if (!devices || !devices->devices) return;
  if (stub_release(devices->devices, "ov_available_devices_free")) {
    for (size_t i = 0; i < devices->size; i++) free(devices->devices[i]);
    free(devices->devices);
  }
  devices->devices = NULL;
  devices->size = 0;
}

ov_status_e ov_core_import_model(const ov_core_t* core, const char* content, const size_t content_size,
                                 const char* device_name, ov_compiled_model_t** compiled_model) {
  STUB_ENTER("ov_core_import_model");
  if (!stub_check(core, K_CORE) || !content || !compiled_model) return INVALID_C_PARAM;
  stub_log("ov_core_import_model %zu bytes for %s", content_size, device_name);
  if (content_size < 16 || memcmp(content, "JVINO-STUB-BLOB:", 16) != 0) return stub_error(GENERAL_ERROR, "stub: not an exported blob (%zu bytes)", content_size);
  *compiled_model = new_compiled(NULL, "");
  return OK;
}

ov_status_e ov_core_get_versions_by_device_name(const ov_core_t* core, const char* device_name, ov_core_version_list_t* versions) {
  STUB_ENTER("ov_core_get_versions_by_device_name");
  if (!stub_check(core, K_CORE) || !device_name || !versions) return INVALID_C_PARAM;
  versions->size = 1;
  versions->versions = stub_track(calloc(1, sizeof(ov_core_version_t)), "ov_core_versions_free", "versions");
  versions->versions[0].device_name = strdup(device_name);
  versions->versions[0].version.buildNumber = strdup(stub_version());
  versions->versions[0].version.description = strdup("stub plugin");
  return OK;
}

void ov_core_versions_free(ov_core_version_list_t* versions) {
  stub_count("ov_core_versions_free");
  if (!versions || !versions->versions) return;
  if (stub_release(versions->versions, "ov_core_versions_free")) {
    for (size_t i = 0; i < versions->size; i++) {
      free((void*)versions->versions[i].device_name);
      free((void*)versions->versions[i].version.buildNumber);
      free((void*)versions->versions[i].version.description);
    }
    free(versions->versions);
  }
  versions->versions = NULL;
}

ov_status_e ov_core_create_context(const ov_core_t* core, const char* device_name, const size_t context_args_size,
                                   ov_remote_context_t** context, ...) {
  STUB_ENTER("ov_core_create_context");
  if (!stub_check(core, K_CORE) || !device_name || !context) return INVALID_C_PARAM;
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "ov_core_create_context %s n=%zu", device_name, context_args_size);
  va_list ap;
  va_start(ap, context);
  ov_status_e s = read_pairs("ov_core_create_context", context_args_size, ap, bag, sizeof bag, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  if (s != OK) return s;
  ov_remote_context_t* c = stub_new(K_CONTEXT, "ov_remote_context_free");
  snprintf(c->text, sizeof c->text, "%s", device_name);
  snprintf(c->props, sizeof c->props, "%s", bag);
  *context = c;
  return OK;
}

ov_status_e ov_core_compile_model_with_context(const ov_core_t* core, const ov_model_t* model, const ov_remote_context_t* context,
                                               const size_t property_args_size, ov_compiled_model_t** compiled_model, ...) {
  STUB_ENTER("ov_core_compile_model_with_context");
  if (!stub_check(core, K_CORE) || !stub_check(model, K_MODEL) || !stub_check(context, K_CONTEXT) || !compiled_model) return INVALID_C_PARAM;
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "ov_core_compile_model_with_context %s n=%zu", context->text, property_args_size);
  va_list ap;
  va_start(ap, compiled_model);
  ov_status_e s = read_pairs("ov_core_compile_model_with_context", property_args_size, ap, bag, sizeof bag, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  if (s == OK) *compiled_model = new_compiled(model, bag);
  return s;
}

#ifndef STUB_WITHOUT_2026_4
ov_status_e ov_core_compile_model_from_file_unicode_props(const ov_core_t* core, const wchar_t* model_path, const char* device_name,
                                                          const size_t num_properties, const ov_property_t* properties,
                                                          ov_compiled_model_t** compiled_model) {
  STUB_ENTER("ov_core_compile_model_from_file_unicode_props");
  if (!stub_check(core, K_CORE) || !model_path || !compiled_model) return INVALID_C_PARAM;
  log_wide("ov_core_compile_model_from_file_unicode_props", model_path);
  char line[1024], bag[1024] = "";
  snprintf(line, sizeof line, "  device=%s n=%zu", device_name, num_properties);
  put_props(bag, sizeof bag, num_properties, properties, line, sizeof line);
  stub_log("%s", line);
  *compiled_model = new_compiled(NULL, bag);
  return OK;
}

/* Values may be strings or raw pointers (GPU handles): pointer keys are logged as <ptr:...>. */
ov_status_e ov_core_create_context_props(const ov_core_t* core, const char* device_name, const size_t num_properties,
                                         const ov_property_t* properties, ov_remote_context_t** context) {
  STUB_ENTER("ov_core_create_context_props");
  if (!stub_check(core, K_CORE) || !device_name || !context || (num_properties && !properties)) return INVALID_C_PARAM;
  char line[1024];
  size_t k = (size_t)snprintf(line, sizeof line, "ov_core_create_context_props %s n=%zu", device_name, num_properties);
  for (size_t i = 0; i < num_properties; i++) {
    if (is_gpu_pointer_key(properties[i].key))
      k += (size_t)snprintf(line + k, sizeof line - k, " %s=<ptr:%s>", properties[i].key, properties[i].value ? "set" : "null");
    else
      k += (size_t)snprintf(line + k, sizeof line - k, " %s=%s", properties[i].key, (const char*)properties[i].value);
  }
  stub_log("%s", line);
  ov_remote_context_t* c = stub_new(K_CONTEXT, "ov_remote_context_free");
  snprintf(c->text, sizeof c->text, "%s", device_name);
  *context = c;
  return OK;
}
#endif

ov_status_e ov_core_get_default_context(const ov_core_t* core, const char* device_name, ov_remote_context_t** context) {
  STUB_ENTER("ov_core_get_default_context");
  if (!stub_check(core, K_CORE) || !device_name || !context) return INVALID_C_PARAM;
  if (strncmp(device_name, "CPU", 3) == 0) return stub_error(NOT_IMPLEMENTED, "stub: %s has no remote context", device_name);
  ov_remote_context_t* c = stub_new(K_CONTEXT, "ov_remote_context_free");
  snprintf(c->text, sizeof c->text, "%s", device_name);
  *context = c;
  return OK;
}

void ov_shutdown(void) {
  stub_count("ov_shutdown");
  stub_log("ov_shutdown");
}

/* ---------------- ov_compiled_model.h ---------------- */
#define CM_CHECK(c) if (!stub_check(c, K_CMODEL)) return INVALID_C_PARAM

ov_status_e ov_compiled_model_inputs_size(const ov_compiled_model_t* compiled_model, size_t* size) {
  STUB_ENTER("ov_compiled_model_inputs_size");
  CM_CHECK(compiled_model);
  *size = 1;
  return OK;
}

ov_status_e ov_compiled_model_outputs_size(const ov_compiled_model_t* compiled_model, size_t* size) {
  STUB_ENTER("ov_compiled_model_outputs_size");
  CM_CHECK(compiled_model);
  *size = 1;
  return OK;
}

extern ov_status_e stub_port(stub_model* m, int output, size_t index, const char* name, int constant, void** port);

ov_status_e ov_compiled_model_input(const ov_compiled_model_t* compiled_model, ov_output_const_port_t** input_port) {
  STUB_ENTER("ov_compiled_model_input");
  CM_CHECK(compiled_model);
  return stub_port(compiled_model->model, 0, 0, NULL, 1, (void**)input_port);
}

ov_status_e ov_compiled_model_input_by_index(const ov_compiled_model_t* compiled_model, const size_t index, ov_output_const_port_t** input_port) {
  STUB_ENTER("ov_compiled_model_input_by_index");
  CM_CHECK(compiled_model);
  return stub_port(compiled_model->model, 0, index, NULL, 1, (void**)input_port);
}

ov_status_e ov_compiled_model_input_by_name(const ov_compiled_model_t* compiled_model, const char* name, ov_output_const_port_t** input_port) {
  STUB_ENTER("ov_compiled_model_input_by_name");
  CM_CHECK(compiled_model);
  return stub_port(compiled_model->model, 0, 0, name, 1, (void**)input_port);
}

ov_status_e ov_compiled_model_output(const ov_compiled_model_t* compiled_model, ov_output_const_port_t** output_port) {
  STUB_ENTER("ov_compiled_model_output");
  CM_CHECK(compiled_model);
  return stub_port(compiled_model->model, 1, 0, NULL, 1, (void**)output_port);
}

ov_status_e ov_compiled_model_output_by_index(const ov_compiled_model_t* compiled_model, const size_t index, ov_output_const_port_t** output_port) {
  STUB_ENTER("ov_compiled_model_output_by_index");
  CM_CHECK(compiled_model);
  return stub_port(compiled_model->model, 1, index, NULL, 1, (void**)output_port);
}

ov_status_e ov_compiled_model_output_by_name(const ov_compiled_model_t* compiled_model, const char* name, ov_output_const_port_t** output_port) {
  STUB_ENTER("ov_compiled_model_output_by_name");
  CM_CHECK(compiled_model);
  return stub_port(compiled_model->model, 1, 0, name, 1, (void**)output_port);
}

ov_status_e ov_compiled_model_get_runtime_model(const ov_compiled_model_t* compiled_model, ov_model_t** model) {
  STUB_ENTER("ov_compiled_model_get_runtime_model");
  CM_CHECK(compiled_model);
  ov_model_t* m = stub_new(K_MODEL, "ov_model_free");
  m->model = stub_model_new("stub_runtime_model", 0);
  *model = m;
  return OK;
}

extern ov_infer_request_t* stub_request_new(const ov_compiled_model_t* c);

ov_status_e ov_compiled_model_create_infer_request(const ov_compiled_model_t* compiled_model, ov_infer_request_t** infer_request) {
  STUB_ENTER("ov_compiled_model_create_infer_request");
  CM_CHECK(compiled_model);
  *infer_request = stub_request_new(compiled_model);
  return OK;
}

ov_status_e ov_compiled_model_set_property(const ov_compiled_model_t* compiled_model, ...) {
  STUB_ENTER("ov_compiled_model_set_property");
  CM_CHECK(compiled_model);
  char line[512] = "ov_compiled_model_set_property";
  va_list ap;
  va_start(ap, compiled_model);
  read_pairs("ov_compiled_model_set_property", 2, ap, ((ov_compiled_model_t*)compiled_model)->props, sizeof compiled_model->props, line, sizeof line);
  va_end(ap);
  stub_log("%s", line);
  return OK;
}

#ifndef STUB_WITHOUT_2026_4 /* the non-variadic _props API is absent before 2026.4 */
ov_status_e ov_compiled_model_set_properties(const ov_compiled_model_t* compiled_model, const size_t num_properties, const ov_property_t* properties) {
  STUB_ENTER("ov_compiled_model_set_properties");
  CM_CHECK(compiled_model);
  char line[1024];
  snprintf(line, sizeof line, "ov_compiled_model_set_properties n=%zu", num_properties);
  put_props(((ov_compiled_model_t*)compiled_model)->props, sizeof compiled_model->props, num_properties, properties, line, sizeof line);
  stub_log("%s", line);
  return OK;
}
#endif

ov_status_e ov_compiled_model_get_property(const ov_compiled_model_t* compiled_model, const char* property_key, char** property_value) {
  STUB_ENTER("ov_compiled_model_get_property");
  CM_CHECK(compiled_model);
  if (!property_key || !property_value) return INVALID_C_PARAM;
  char buf[256];
  const char* v = stub_props_get(compiled_model->props, property_key, buf, sizeof buf);
  if (!v && strcmp(property_key, "NETWORK_NAME") == 0) v = compiled_model->model->name;
  if (!v && strcmp(property_key, "OPTIMAL_NUMBER_OF_INFER_REQUESTS") == 0) v = "4";
  if (!v) return stub_error(NOT_FOUND, "stub: compiled model has no property %s", property_key);
  *property_value = stub_strdup_tracked(v);
  return OK;
}

ov_status_e ov_compiled_model_export_model(const ov_compiled_model_t* compiled_model, const char* export_model_path) {
  STUB_ENTER("ov_compiled_model_export_model");
  CM_CHECK(compiled_model);
  if (!export_model_path) return INVALID_C_PARAM;
  FILE* f = fopen(export_model_path, "wb");
  if (!f) return stub_error(GENERAL_ERROR, "stub: cannot open %s for writing", export_model_path);
  fprintf(f, "JVINO-STUB-BLOB:%s", compiled_model->model->name);
  fputc(0, f); /* blobs are binary: keep a NUL inside */
  fputs("end", f);
  fclose(f);
  stub_log("ov_compiled_model_export_model %s", export_model_path);
  return OK;
}

void ov_compiled_model_free(ov_compiled_model_t* compiled_model) {
  stub_count("ov_compiled_model_free");
  if (compiled_model && stub_release(compiled_model, "ov_compiled_model_free")) {
    stub_model_unref(compiled_model->model);
    compiled_model->magic = 0;
    free(compiled_model);
  }
}

ov_status_e ov_compiled_model_get_context(const ov_compiled_model_t* compiled_model, ov_remote_context_t** context) {
  STUB_ENTER("ov_compiled_model_get_context");
  CM_CHECK(compiled_model);
  ov_remote_context_t* c = stub_new(K_CONTEXT, "ov_remote_context_free");
  snprintf(c->text, sizeof c->text, "CPU");
  *context = c;
  return OK;
}
