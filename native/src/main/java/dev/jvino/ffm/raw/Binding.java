package dev.jvino.ffm.raw;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.util.Objects;

/**
 * One row of the binding table: a C function of the OpenVINO C API and the descriptor it is called
 * with.
 *
 * @param name the exported symbol
 * @param descriptor return and fixed-argument layouts, written from the header's prototype
 * @param header the header declaring it, e.g. {@code ov_core.h}
 * @param checkedAgainst the OpenVINO header version the prototype was checked against, e.g. {@code
 *     2026.1}
 * @param firstVariadic for a variadic function ({@code ...}), the number of fixed arguments (the index
 *     of the first variadic one, as {@code Linker.Option.firstVariadicArg} wants it); -1 otherwise
 */
public record Binding(
    String name, FunctionDescriptor descriptor, String header, String checkedAgainst, int firstVariadic) {
  public Binding {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(checkedAgainst, "checkedAgainst");
    if (firstVariadic >= 0 && firstVariadic != descriptor.argumentLayouts().size()) {
      throw new IllegalArgumentException(
          name + ": firstVariadic " + firstVariadic + " must equal the fixed argument count "
              + descriptor.argumentLayouts().size());
    }
  }

  /** Whether the C prototype ends in {@code ...}. */
  public boolean variadic() {
    return firstVariadic >= 0;
  }

  /** The C prototype's shape, e.g. {@code ov_core_create(ADDRESS) -> STATUS}; for messages. */
  @Override
  public String toString() {
    return name + descriptor + (variadic() ? " ..." : "") + " [" + header + " " + checkedAgainst + "]";
  }

  /** Builds rows concisely; used by the per-header tables. */
  static final class Rows {
    private final String header;
    private final String version;
    private final java.util.List<Binding> rows = new java.util.ArrayList<>();

    Rows(String header, String version) {
      this.header = header;
      this.version = version;
    }

    /** A function returning {@code ov_status_e}. */
    Rows status(String name, MemoryLayout... args) {
      rows.add(new Binding(name, FunctionDescriptor.of(CTypes.STATUS, args), header, version, -1));
      return this;
    }

    /** A function returning {@code ret}. */
    Rows returning(String name, MemoryLayout ret, MemoryLayout... args) {
      rows.add(new Binding(name, FunctionDescriptor.of(ret, args), header, version, -1));
      return this;
    }

    /** A {@code void} function. */
    Rows voidFn(String name, MemoryLayout... args) {
      rows.add(new Binding(name, FunctionDescriptor.ofVoid(args), header, version, -1));
      return this;
    }

    /** A variadic function returning {@code ov_status_e}; {@code fixed} are the named arguments. */
    Rows variadic(String name, MemoryLayout... fixed) {
      rows.add(new Binding(name, FunctionDescriptor.of(CTypes.STATUS, fixed), header, version, fixed.length));
      return this;
    }

    /** Switches header (the version stays). */
    Rows header(String newHeader) {
      Rows next = new Rows(newHeader, version);
      next.rows.addAll(rows);
      return next;
    }

    /** Switches the checked version for the following rows. */
    Rows version(String newVersion) {
      Rows next = new Rows(header, newVersion);
      next.rows.addAll(rows);
      return next;
    }

    java.util.List<Binding> build() {
      return java.util.List.copyOf(rows);
    }
  }
}
