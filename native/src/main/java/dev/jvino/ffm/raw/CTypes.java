package dev.jvino.ffm.raw;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * C scalar types and struct layouts of the OpenVINO C API on x86-64 Linux (LP64, SysV). Each struct
 * is declared field by field so {@link StructLayout#byteOffset} gives the offsets the C compiler uses;
 * tests compare them with the documented values.
 */
public final class CTypes {
  private CTypes() {}

  /** {@code ov_status_e}: a signed C int. */
  public static final ValueLayout.OfInt STATUS = ValueLayout.JAVA_INT;
  /** C {@code int} and every C enum other than the status ({@code ov_element_type_e}, ...). */
  public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  /** C {@code size_t} (64-bit unsigned; Java sees it as a long). */
  public static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
  /** C {@code int64_t}. */
  public static final ValueLayout.OfLong INT64 = ValueLayout.JAVA_LONG;
  /** C {@code float}. */
  public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
  /** C99 {@code bool}. */
  public static final ValueLayout.OfBoolean BOOL = ValueLayout.JAVA_BOOLEAN;
  /** Any pointer: handles, strings, out-parameters, function pointers. */
  public static final AddressLayout POINTER = ValueLayout.ADDRESS;

  /** {@code ov_dimension_t {int64_t min; int64_t max;}}; also {@code ov_rank_t}. */
  public static final StructLayout DIMENSION =
      MemoryLayout.structLayout(INT64.withName("min"), INT64.withName("max")).withName("ov_dimension_t");

  /** {@code ov_rank_t}, a typedef of {@code ov_dimension_t}. */
  public static final StructLayout RANK = DIMENSION.withName("ov_rank_t");

  /** {@code ov_shape_t {int64_t rank; int64_t* dims;}}. */
  public static final StructLayout SHAPE =
      MemoryLayout.structLayout(INT64.withName("rank"), POINTER.withName("dims")).withName("ov_shape_t");

  /** {@code ov_partial_shape_t {ov_rank_t rank; ov_dimension_t* dims;}}. */
  public static final StructLayout PARTIAL_SHAPE =
      MemoryLayout.structLayout(RANK.withName("rank"), POINTER.withName("dims"))
          .withName("ov_partial_shape_t");

  /** {@code ov_version_t {const char* buildNumber; const char* description;}}. */
  public static final StructLayout VERSION =
      MemoryLayout.structLayout(POINTER.withName("buildNumber"), POINTER.withName("description"))
          .withName("ov_version_t");

  /** {@code ov_core_version_t {const char* device_name; ov_version_t version;}}. */
  public static final StructLayout CORE_VERSION =
      MemoryLayout.structLayout(POINTER.withName("device_name"), VERSION.withName("version"))
          .withName("ov_core_version_t");

  /** {@code ov_core_version_list_t {ov_core_version_t* versions; size_t size;}}. */
  public static final StructLayout CORE_VERSION_LIST =
      MemoryLayout.structLayout(POINTER.withName("versions"), SIZE_T.withName("size"))
          .withName("ov_core_version_list_t");

  /** {@code ov_available_devices_t {char** devices; size_t size;}}. */
  public static final StructLayout AVAILABLE_DEVICES =
      MemoryLayout.structLayout(POINTER.withName("devices"), SIZE_T.withName("size"))
          .withName("ov_available_devices_t");

  /** {@code ov_callback_t {void (*callback_func)(void*); void* args;}}. */
  public static final StructLayout CALLBACK =
      MemoryLayout.structLayout(POINTER.withName("callback_func"), POINTER.withName("args"))
          .withName("ov_callback_t");

  /**
   * {@code ov_profiling_info_t}: an int-sized status enum, 4 bytes of padding, two int64 times in
   * microseconds and three strings.
   */
  public static final StructLayout PROFILING_INFO =
      MemoryLayout.structLayout(
              INT.withName("status"),
              MemoryLayout.paddingLayout(4),
              INT64.withName("real_time"),
              INT64.withName("cpu_time"),
              POINTER.withName("node_name"),
              POINTER.withName("exec_type"),
              POINTER.withName("node_type"))
          .withName("ov_profiling_info_t");

  /** {@code ov_profiling_info_list_t {ov_profiling_info_t* profiling_infos; size_t size;}}. */
  public static final StructLayout PROFILING_INFO_LIST =
      MemoryLayout.structLayout(POINTER.withName("profiling_infos"), SIZE_T.withName("size"))
          .withName("ov_profiling_info_list_t");

  /** {@code ov_property_t {const char* key; const void* value;}} (non-variadic property API). */
  public static final StructLayout PROPERTY =
      MemoryLayout.structLayout(POINTER.withName("key"), POINTER.withName("value")).withName("ov_property_t");

  /** {@code ov_encryption_callbacks {encryption_func encrypt_func; encryption_func decrypt_func;}}. */
  public static final StructLayout ENCRYPTION_CALLBACKS =
      MemoryLayout.structLayout(POINTER.withName("encrypt_func"), POINTER.withName("decrypt_func"))
          .withName("ov_encryption_callbacks");
}
