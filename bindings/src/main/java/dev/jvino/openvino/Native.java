package dev.jvino.openvino;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.raw.ElementTypeCodes;
import dev.jvino.ffm.raw.ElementTypeProbe;
import dev.jvino.ffm.raw.OvApi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The runtime the bindings call: the raw {@link OvApi} of one loaded library, its confirmed
 * element-type numbering, and the call helpers every wrapper uses. One instance per process, taken
 * from {@link OpenVinoLibrary#require()} unless tests install another library first.
 */
final class Native {
  private static volatile Native current;

  final OvApi api;
  private volatile ElementTypeCodes codes;
  private volatile boolean shutDown;
  private final java.util.Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>();

  private Native(OvApi api) {
    this.api = api;
  }

  /** The process's runtime; throws the loader's typed error when there is none. */
  static Native get() {
    Native n = current;
    if (n == null) {
      synchronized (Native.class) {
        n = current;
        if (n == null) {
          n = new Native(OvApi.of(OpenVinoLibrary.require()));
          current = n;
        }
      }
    }
    return n;
  }

  /** Makes the bindings use {@code api} (tests install jvino's ABI stub this way). */
  static synchronized void install(OvApi api) {
    current = new Native(Objects.requireNonNull(api, "api"));
  }

  /** Makes the bindings use {@code library}. */
  static synchronized void install(OpenVinoLibrary library) {
    current = new Native(OvApi.of(Objects.requireNonNull(library, "library")));
  }

  /** The element-type numbering of this runtime, chosen by version and confirmed by a probe. */
  ElementTypeCodes codes() {
    ElementTypeCodes c = codes;
    if (c == null) {
      c = ElementTypeProbe.select(api);
      codes = c;
    }
    return c;
  }

  int code(ElementType type) {
    return codes()
        .code(type.typeName())
        .orElseThrow(
            () -> new UnsupportedOperationException(
                "element type " + type.typeName() + " does not exist in OpenVINO " + api.version()));
  }

  ElementType type(int code) {
    String name = codes().name(code);
    if (name == null || name.equals("undefined")) {
      return ElementType.DYNAMIC;
    }
    return ElementType.ofName(name);
  }

  /**
   * The key string of {@code ov_property_key_<variable>} as exported by this runtime (read once), or
   * {@code fallback} when the runtime does not export that variable.
   */
  String propertyKey(String variable, String fallback) {
    return keys.computeIfAbsent(variable,
        v -> api.stringVariable("ov_property_key_" + v).map(p -> p.getString(0)).orElse(fallback));
  }

  /** Marks the runtime as shut down ({@code ov_shutdown}): every later call is refused. */
  void shutdown() {
    invoke("ov_shutdown");
    shutDown = true;
  }

  private void live(String function) {
    if (shutDown) {
      throw new IllegalStateException("cannot call " + function + ": OpenVINO was shut down (ov_shutdown)");
    }
  }

  /** Calls a fixed-arity function and returns its raw result. */
  Object invoke(String function, Object... args) {
    live(function);
    try {
      return api.handle(function).invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(function + " failed", t);
    }
  }

  /** Calls a status-returning function and maps a failure to {@link OpenVinoException}. */
  void check(String function, Object... args) {
    checkStatus(function, (int) invoke(function, args));
  }

  /** Calls a variadic status-returning function with {@code extra} pointer arguments. */
  void checkVariadic(String function, Object[] fixed, MemorySegment[] extra) {
    live(function);
    Object[] all = new Object[fixed.length + extra.length];
    System.arraycopy(fixed, 0, all, 0, fixed.length);
    System.arraycopy(extra, 0, all, fixed.length, extra.length);
    int status;
    try {
      status = (int) api.variadic(function, extra.length).invokeWithArguments(all);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(function + " failed", t);
    }
    checkStatus(function, status);
  }

  /**
   * The one place a status becomes an exception: a non-zero status throws {@link OpenVinoException}
   * with OpenVINO's last error text, read at once and released with {@code ov_free}.
   */
  void checkStatus(String function, int status) {
    if (status == 0) {
      return;
    }
    String text = takeString((MemorySegment) invoke("ov_get_last_err_msg")); // first: it is process-global
    throw new OpenVinoException(function, status, text, statusText(status));
  }

  /** Copies a string the API allocated and releases it with {@code ov_free}; NULL gives null. */
  String takeString(MemorySegment p) {
    if (p == null || p.equals(MemorySegment.NULL)) {
      return null;
    }
    try {
      return p.reinterpret(Long.MAX_VALUE).getString(0);
    } finally {
      invoke("ov_free", p);
    }
  }

  /** Reads the {@code char*} an out-parameter slot received and releases it with {@code ov_free}. */
  String takeString(MemorySegment slot, long offset) {
    return takeString(slot.get(ValueLayout.ADDRESS, offset));
  }

  /** The static text of a status ({@code ov_get_error_info}); never freed. */
  String statusText(int status) {
    MemorySegment p = (MemorySegment) invoke("ov_get_error_info", status);
    return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
  }

  /** A NUL-terminated UTF-8 copy of {@code s} in {@code arena}. */
  static MemorySegment cstr(Arena arena, String s) {
    return arena.allocateFrom(s);
  }

  /** A NUL-terminated UTF-32 ({@code wchar_t} on Linux) copy of {@code s}. */
  static MemorySegment wstr(Arena arena, String s) {
    int[] cps = s.codePoints().toArray();
    MemorySegment w = arena.allocate(ValueLayout.JAVA_INT, cps.length + 1L);
    for (int i = 0; i < cps.length; i++) {
      w.setAtIndex(ValueLayout.JAVA_INT, i, cps[i]);
    }
    return w;
  }

  /** Whether a path needs the {@code _unicode} entry points (anything outside ASCII). */
  static boolean needsWide(String s) {
    return !s.chars().allMatch(c -> c < 128);
  }
}
