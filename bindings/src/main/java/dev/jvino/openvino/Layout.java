package dev.jvino.openvino;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A tensor layout such as {@code NCHW} or {@code [N,C,H,W]}. The text is validated by OpenVINO
 * ({@code ov_layout_create}) when the layout is created.
 */
public final class Layout {
  private final String description;
  private final String canonical;

  private Layout(String description, String canonical) {
    this.description = description;
    this.canonical = canonical;
  }

  /** Parses {@code description} with the runtime; throws {@link OpenVinoException} if it is invalid. */
  public static Layout of(String description) {
    Objects.requireNonNull(description, "description");
    Native rt = Native.get();
    try (var arena = java.lang.foreign.Arena.ofConfined()) {
      MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_layout_create", Native.cstr(arena, description), slot);
      MemorySegment layout = slot.get(ValueLayout.ADDRESS, 0);
      try {
        String canonical = rt.takeString((MemorySegment) rt.invoke("ov_layout_to_string", layout));
        return new Layout(description, canonical);
      } finally {
        rt.invoke("ov_layout_free", layout);
      }
    }
  }

  /** The text it was created from. */
  public String description() {
    return description;
  }

  /** OpenVINO's rendering, e.g. {@code [N,C,H,W]}. */
  @Override
  public String toString() {
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l && canonical.equals(l.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /** Creates a native layout for one call; the caller frees it with {@code ov_layout_free}. */
  MemorySegment open(Native rt, java.lang.foreign.Arena arena) {
    MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
    rt.check("ov_layout_create", Native.cstr(arena, description), slot);
    return slot.get(ValueLayout.ADDRESS, 0);
  }
}
