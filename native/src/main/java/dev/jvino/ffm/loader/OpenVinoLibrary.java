package dev.jvino.ffm.loader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded OpenVINO C library. Dependencies are loaded first, by absolute path (TBB, then
 * {@code libopenvino}, then {@code libopenvino_c}), and every lookup stays open for the life of the
 * process: OpenVINO keeps global state and plugin handles that must never be unloaded under it.
 */
public final class OpenVinoLibrary {
  private final RuntimeLocation location;
  private final SymbolLookup lookup;

  private OpenVinoLibrary(RuntimeLocation location, SymbolLookup lookup) {
    this.location = location;
    this.lookup = lookup;
  }

  /** Loads the libraries of {@code location}, dependencies first. */
  public static OpenVinoLibrary load(RuntimeLocation location) {
    Objects.requireNonNull(location, "location");
    List<Path> order = new ArrayList<>(location.preload());
    for (Path dependency : order) {
      open(dependency);
    }
    return new OpenVinoLibrary(location, open(location.cLibrary()));
  }

  private static SymbolLookup open(Path library) {
    try {
      return SymbolLookup.libraryLookup(library.toAbsolutePath(), Arena.global());
    } catch (IllegalArgumentException | IllegalCallerException e) {
      throw new OpenVinoLoadException(library, e);
    }
  }

  /** Where the libraries came from. */
  public RuntimeLocation location() {
    return location;
  }

  /** Symbols of {@code libopenvino_c}. */
  public SymbolLookup lookup() {
    return lookup;
  }

  /** The address of {@code symbol}, if this build of the library exports it. */
  public Optional<MemorySegment> find(String symbol) {
    return lookup.find(symbol);
  }

  private static final Object LOCK = new Object();
  private static volatile Availability shared;

  /** Whether the process's own runtime could be found and loaded, and why not. Computed once. */
  public sealed interface Availability permits Loaded, Unavailable {
    List<Attempt> attempts();
  }

  /** The runtime was found and loaded. */
  public record Loaded(OpenVinoLibrary library, List<Attempt> attempts) implements Availability {}

  /** No runtime: {@code reason} is the one-line cause, {@code error} the full typed error. */
  public record Unavailable(RuntimeException error, List<Attempt> attempts) implements Availability {
    /** One line, e.g. for a skipped test: "no OpenVINO runtime (tried ...)". */
    public String reason() {
      if (error instanceof OpenVinoNotFoundException nf) {
        return "no OpenVINO runtime (tried " + nf.triedSummary() + ")";
      }
      return error.getMessage();
    }
  }

  /** Locates and loads the runtime of this process once, caching the outcome (success or failure). */
  public static Availability system() {
    Availability a = shared;
    if (a == null) {
      synchronized (LOCK) {
        a = shared;
        if (a == null) {
          a = probe(LookupEnvironment.system());
          shared = a;
        }
      }
    }
    return a;
  }

  /** Locates and loads a runtime in {@code environment}, without caching. */
  public static Availability probe(LookupEnvironment environment) {
    OpenVinoLocator.Located located;
    try {
      located = OpenVinoLocator.locate(environment);
    } catch (OpenVinoNotFoundException e) {
      return new Unavailable(e, e.attempts());
    }
    try {
      return new Loaded(load(located.location()), located.attempts());
    } catch (OpenVinoLoadException e) {
      return new Unavailable(e, located.attempts());
    }
  }

  /** The process's runtime, or the typed error saying why there is none. */
  public static OpenVinoLibrary require() {
    return switch (system()) {
      case Loaded l -> l.library();
      case Unavailable u -> throw u.error();
    };
  }
}
