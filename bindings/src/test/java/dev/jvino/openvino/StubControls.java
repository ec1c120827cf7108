package dev.jvino.openvino;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * TEST DOUBLE controls of the ABI stub ({@link AbiStub}) used by the misuse and leak tests: its leak
 * accounting ({@code jvino_stub_allocations}, {@code jvino_stub_releases}, {@code jvino_stub_impls_live}),
 * the count of calls that overlapped inside one infer request ({@code jvino_stub_overlaps}) and the
 * duration of a synchronous inference ({@code jvino_stub_set_infer_delay_ms}).
 */
final class StubControls {
  private static final Linker LINKER = Linker.nativeLinker();
  private final AbiStub stub;

  StubControls(AbiStub stub) {
    this.stub = stub;
  }

  /** What the stub's ledger says at one moment. */
  record Ledger(long allocations, long releases, int live, long implsLive, int badFrees, int overflow) {}

  Ledger ledger() {
    return new Ledger(longCall("jvino_stub_allocations"), longCall("jvino_stub_releases"), stub.live(),
        longCall("jvino_stub_impls_live"), stub.badFrees(), intCall("jvino_stub_ledger_overflow"));
  }

  /** Calls that entered an infer request while another call was still inside it (or a free under a call). */
  int overlaps() {
    return intCall("jvino_stub_overlaps");
  }

  /** How long each synchronous {@code ov_infer_request_infer} takes (a cancel ends it early). */
  void setInferDelayMillis(int ms) {
    try {
      handle("jvino_stub_set_infer_delay_ms", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(ms);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private MethodHandle handle(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(stub.library().find(name).orElseThrow(), fd);
  }

  private long longCall(String name) {
    try {
      return (long) handle(name, FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private int intCall(String name) {
    try {
      return (int) handle(name, FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
