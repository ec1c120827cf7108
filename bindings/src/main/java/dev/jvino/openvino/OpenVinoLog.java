package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

/**
 * Routes OpenVINO's own log messages ({@code ov_util_set_log_callback}, OpenVINO 2026.1.2+) to a
 * {@link System.Logger} named {@code dev.jvino.openvino.runtime}, or to any consumer. The upcall stub
 * lives in the global arena because OpenVINO may call it until the process ends.
 */
public final class OpenVinoLog {
  private OpenVinoLog() {}

  private static final System.Logger RUNTIME = System.getLogger("dev.jvino.openvino.runtime");
  private static volatile Consumer<String> sink;
  private static MemorySegment stub;

  /** Sends OpenVINO's messages to the {@code dev.jvino.openvino.runtime} logger at INFO. */
  public static void routeToSystemLogger() {
    route(m -> RUNTIME.log(System.Logger.Level.INFO, m));
  }

  /** Sends OpenVINO's messages to {@code consumer} (called on OpenVINO's threads). */
  public static synchronized void route(Consumer<String> consumer) {
    sink = java.util.Objects.requireNonNull(consumer, "consumer");
    if (stub == null) {
      try {
        var target = MethodHandles.lookup()
            .findStatic(OpenVinoLog.class, "message", MethodType.methodType(void.class, MemorySegment.class));
        stub = Linker.nativeLinker().upcallStub(target, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Arena.global());
      } catch (NoSuchMethodException | IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    Native.get().invoke("ov_util_set_log_callback", stub);
  }

  /** Restores OpenVINO's default logging (to stdout). */
  public static synchronized void reset() {
    Native.get().invoke("ov_util_reset_log_callback");
    sink = null;
  }

  private static void message(MemorySegment text) {
    try {
      Consumer<String> s = sink;
      if (s != null && !text.equals(MemorySegment.NULL)) {
        s.accept(text.reinterpret(Long.MAX_VALUE).getString(0));
      }
    } catch (Throwable t) {
      RUNTIME.log(System.Logger.Level.ERROR, "log callback failed", t);
    }
  }
}
