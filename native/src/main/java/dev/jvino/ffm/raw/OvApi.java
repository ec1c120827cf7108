package dev.jvino.ffm.raw;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downcall handles for one loaded C library, created from the {@link BindingTable} on first use and
 * cached. A function the library does not export fails with {@link FunctionUnavailableException}
 * ("not available in OpenVINO X.Y") when a handle is requested, not when the library loads, so an
 * older runtime works for everything it has.
 */
public final class OvApi {
  private static final Linker LINKER = Linker.nativeLinker();

  private final SymbolLookup lookup;
  private final ConcurrentHashMap<String, MethodHandle> fixed = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, MethodHandle> variadic = new ConcurrentHashMap<>();
  private volatile String version;

  private OvApi(SymbolLookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /** The API of a loaded library. */
  public static OvApi of(OpenVinoLibrary library) {
    return new OvApi(library.lookup());
  }

  /** Whether the library exports {@code symbol}. */
  public boolean has(String symbol) {
    return lookup.find(symbol).isPresent();
  }

  /** The handle of a fixed-arity function of the table. */
  public MethodHandle handle(String name) {
    MethodHandle h = fixed.get(name);
    if (h != null) {
      return h;
    }
    Binding row = BindingTable.row(name);
    if (row.variadic()) {
      throw new IllegalArgumentException(name + " is variadic: use variadic(name, count)");
    }
    h = LINKER.downcallHandle(address(name), row.descriptor());
    MethodHandle prev = fixed.putIfAbsent(name, h);
    return prev == null ? h : prev;
  }

  /**
   * The handle of a variadic function called with {@code extra} pointer arguments after its fixed
   * ones (key/value {@code char*} pairs, {@code void*} values or sub-names). One handle per arity,
   * each created with {@code Linker.Option.firstVariadicArg}.
   */
  public MethodHandle variadic(String name, int extra) {
    if (extra < 0) {
      throw new IllegalArgumentException(name + ": negative variadic argument count " + extra);
    }
    String key = name + "#" + extra;
    MethodHandle h = variadic.get(key);
    if (h != null) {
      return h;
    }
    Binding row = BindingTable.row(name);
    if (!row.variadic()) {
      throw new IllegalArgumentException(name + " is not variadic");
    }
    MemoryLayout[] args = Arrays.copyOf(
        row.descriptor().argumentLayouts().toArray(MemoryLayout[]::new), row.firstVariadic() + extra);
    Arrays.fill(args, row.firstVariadic(), args.length, ValueLayout.ADDRESS);
    FunctionDescriptor fd = FunctionDescriptor.of(row.descriptor().returnLayout().orElseThrow(), args);
    h = LINKER.downcallHandle(address(name), fd, Linker.Option.firstVariadicArg(row.firstVariadic()));
    MethodHandle prev = variadic.putIfAbsent(key, h);
    return prev == null ? h : prev;
  }

  /** The extra-argument counts that have a cached handle for variadic {@code name}. */
  public java.util.Set<Integer> cachedVariadicArities(String name) {
    return variadic.keySet().stream()
        .filter(k -> k.startsWith(name + "#"))
        .map(k -> Integer.parseInt(k.substring(name.length() + 1)))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  private MemorySegment address(String name) {
    Optional<MemorySegment> s = lookup.find(name);
    if (s.isEmpty()) {
      throw new FunctionUnavailableException(name, version());
    }
    return s.get();
  }

  /**
   * The value of an exported {@code const char*} variable such as {@code ov_property_key_cache_dir}:
   * the symbol is the address of the variable, so the pointer stored there is read.
   */
  public Optional<MemorySegment> stringVariable(String symbol) {
    return lookup.find(symbol)
        .map(s -> s.reinterpret(ValueLayout.ADDRESS.byteSize()).get(ValueLayout.ADDRESS, 0))
        .map(p -> p.reinterpret(Long.MAX_VALUE));
  }

  /**
   * The runtime's build number from {@code ov_get_openvino_version} (e.g. "2026.2.1-21919-..."),
   * read once; the strings are released with {@code ov_version_free}.
   */
  public String version() {
    String v = version;
    if (v == null) {
      v = readVersion();
      version = v;
    }
    return v;
  }

  private String readVersion() {
    Optional<MemorySegment> get = lookup.find("ov_get_openvino_version");
    Optional<MemorySegment> free = lookup.find("ov_version_free");
    if (get.isEmpty() || free.isEmpty()) {
      return "(unknown version)";
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ver = arena.allocate(CTypes.VERSION);
      MethodHandle g = LINKER.downcallHandle(get.get(), BindingTable.row("ov_get_openvino_version").descriptor());
      MethodHandle f = LINKER.downcallHandle(free.get(), BindingTable.row("ov_version_free").descriptor());
      int status = (int) g.invokeExact(ver);
      if (status != 0) {
        return "(unknown version: status " + OvStatus.nameOf(status) + ")";
      }
      MemorySegment build = ver.get(ValueLayout.ADDRESS, 0);
      String text = build.equals(MemorySegment.NULL) ? "(unknown version)" : build.reinterpret(Long.MAX_VALUE).getString(0);
      f.invokeExact(ver);
      return text;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("ov_get_openvino_version failed", t);
    }
  }
}
