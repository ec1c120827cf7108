package dev.jvino.ffm.raw;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.loader.RuntimeLocation;
import dev.jvino.ffm.loader.SearchSource;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * TEST DOUBLE loader: compiles jvino's ABI conformance stub ({@code native/src/test/c}, a fake of
 * the OpenVINO C API that records what arrives) with gcc into {@code target/abi-stub/} and loads it
 * through the production loader, {@link OpenVinoLibrary#load}. Used by tests only; skips the calling
 * test with a reason when gcc is missing.
 */
public final class AbiStub {
  /** The 2026.4 flavour (exports the {@code _props} API). */
  public static final String CURRENT = "current";
  /** A 2025.2 flavour without the {@code _props} functions. */
  public static final String OLD = "old";

  private static final Map<String, AbiStub> LOADED = new ConcurrentHashMap<>();
  private static final Linker LINKER = Linker.nativeLinker();

  private final OpenVinoLibrary library;
  private final OvApi api;

  private AbiStub(OpenVinoLibrary library) {
    this.library = library;
    this.api = OvApi.of(library);
  }

  /** The current stub, compiled on first use. */
  public static AbiStub current() {
    return get(CURRENT);
  }

  /** The stub of {@code flavour} ({@link #CURRENT} or {@link #OLD}). */
  public static synchronized AbiStub get(String flavour) {
    AbiStub s = LOADED.get(flavour);
    if (s == null) {
      Path lib = compile(flavour);
      Path dir = lib.getParent();
      s = new AbiStub(
          OpenVinoLibrary.load(
              new RuntimeLocation(SearchSource.SYSTEM_PROPERTY, dir, lib, lib, List.of(), dir, Optional.empty())));
      LOADED.put(flavour, s);
    }
    return s;
  }

  /** The loaded stub library. */
  public OpenVinoLibrary library() {
    return library;
  }

  /** Handles over the stub. */
  public OvApi api() {
    return api;
  }

  private static Path sources() {
    for (Path p : List.of(Path.of("src/test/c"), Path.of("../native/src/test/c"))) {
      if (Files.isRegularFile(p.resolve("ov_stub.h"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("ABI stub sources (native/src/test/c) not found from " + Path.of("").toAbsolutePath());
  }

  private static Path compile(String flavour) {
    Path src = sources();
    Path out = Path.of("target", "abi-stub", "libjvino_ov_stub_" + flavour + ".so").toAbsolutePath();
    try {
      List<Path> cFiles;
      try (Stream<Path> files = Files.list(src)) {
        cFiles = files.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).sorted().toList();
      }
      if (Files.exists(out)) {
        long built = Files.getLastModifiedTime(out).toMillis();
        boolean fresh = true;
        for (Path c : cFiles) {
          fresh &= Files.getLastModifiedTime(c).toMillis() < built;
        }
        if (fresh) {
          return out;
        }
      }
      Files.createDirectories(out.getParent());
      List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O0", "-Wall", "-pthread", "-o", out.toString()));
      if (flavour.equals(OLD)) {
        cmd.add("-DSTUB_WITHOUT_2026_4");
        cmd.add("-DSTUB_VERSION=\"2025.2.0-stub\"");
      }
      cFiles.stream().filter(p -> p.toString().endsWith(".c")).forEach(p -> cmd.add(p.toString()));
      Process proc;
      try {
        proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        Assumptions.abort("skipped: gcc is not available to build the ABI stub (" + e.getMessage() + ")");
        throw new AssertionError(e);
      }
      String output = new String(proc.getInputStream().readAllBytes());
      if (!proc.waitFor(120, TimeUnit.SECONDS) || proc.exitValue() != 0) {
        throw new IllegalStateException("gcc failed building the ABI stub:\n" + output);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the ABI stub", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private MethodHandle control(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(library.find(name).orElseThrow(), fd);
  }

  /** Everything the stub logged since the last {@link #clearLog}. */
  public String log() {
    try {
      MemorySegment p = (MemorySegment) control("jvino_stub_log", FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
      return p.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Empties the stub's log. */
  public void clearLog() {
    try {
      control("jvino_stub_clear_log", FunctionDescriptor.ofVoid()).invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** How often the C function {@code name} was called in this process. */
  public int calls(String name) {
    try (Arena a = Arena.ofConfined()) {
      return (int) control("jvino_stub_calls", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS))
          .invokeExact(a.allocateFrom(name));
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Allocations handed out by the stub and not yet released with their own free function. */
  public int live() {
    return intControl("jvino_stub_live");
  }

  /** Frees that used the wrong function or a pointer the stub never handed out. */
  public int badFrees() {
    return intControl("jvino_stub_bad_frees");
  }

  private int intControl(String name) {
    try {
      return (int) control(name, FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Makes the next call of {@code function} fail with {@code status} and last-error {@code message}. */
  public void failNext(String function, int status, String message) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment text = message == null ? MemorySegment.NULL : a.allocateFrom(message);
      control("jvino_stub_fail_next", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS))
          .invokeExact(a.allocateFrom(function), status, text);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Makes the stub report {@code version} and use that release's element-type numbering. */
  public void setVersion(String version) {
    try (Arena a = Arena.ofConfined()) {
      control("jvino_stub_set_version", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(a.allocateFrom(version));
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Sends {@code message} to the installed OpenVINO log callback from a new pthread; 1 if one was installed. */
  public int emitLog(String message) {
    try (Arena a = Arena.ofShared()) {
      return (int) control("jvino_stub_emit_log", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS))
          .invokeExact(a.allocateFrom(message));
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** How long the stub's async requests take before completing. */
  public void setAsyncDelayMillis(int ms) {
    try {
      control("jvino_stub_set_async_delay_ms", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(ms);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
