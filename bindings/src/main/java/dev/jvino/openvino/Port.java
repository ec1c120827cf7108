package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An input or output of a {@link Model} or {@link CompiledModel}. Its name, element type and partial
 * shape are read when the port is looked up; the native port object is reopened, the same way it
 * was found (single, by name or by index), whenever a call needs one, and freed right after.
 */
public final class Port {
  enum Lookup { SINGLE, NAME, INDEX }

  private final NativeObject owner; // Model or CompiledModel
  private final boolean output;
  private final Lookup lookup;
  private final String requestedName;
  private final int index;
  private final String name;
  private final ElementType elementType;
  private final PartialShape partialShape;

  private Port(NativeObject owner, boolean output, Lookup lookup, String requestedName, int index) {
    this.owner = owner;
    this.output = output;
    this.lookup = lookup;
    this.requestedName = requestedName;
    this.index = index;
    Native rt = owner.rt;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment port = open(arena, true);
      try {
        MemorySegment nameSlot = arena.allocate(ValueLayout.ADDRESS);
        rt.check("ov_port_get_any_name", port, nameSlot);
        this.name = rt.takeString(nameSlot, 0);
        MemorySegment type = arena.allocate(ValueLayout.JAVA_INT);
        rt.check("ov_port_get_element_type", port, type);
        this.elementType = rt.type(type.get(ValueLayout.JAVA_INT, 0));
        MemorySegment ps = arena.allocate(CTypes.PARTIAL_SHAPE);
        rt.check("ov_port_get_partial_shape", port, ps);
        this.partialShape = Structs.takePartialShape(rt, ps);
      } finally {
        close(port, true);
      }
    }
  }

  static Port of(NativeObject owner, boolean output, Lookup lookup, String name, int index) {
    return new Port(owner, output, lookup, name, index);
  }

  private String fn(boolean constant) {
    String what = output ? "output" : "input";
    String suffix = switch (lookup) {
      case SINGLE -> "";
      case NAME -> "_by_name";
      case INDEX -> "_by_index";
    };
    if (owner instanceof CompiledModel) {
      return "ov_compiled_model_" + what + suffix;
    }
    return "ov_model_" + (constant ? "const_" : "") + what + suffix;
  }

  /** Opens the native port: const ({@code ov_output_const_port_t}) or not. */
  MemorySegment open(Arena arena, boolean constant) {
    if (!constant && owner instanceof CompiledModel) {
      throw new UnsupportedOperationException("compiled-model ports are const");
    }
    Native rt = owner.rt;
    MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
    String f = fn(constant);
    switch (lookup) {
      case SINGLE -> rt.check(f, owner.handle(), slot);
      case NAME -> rt.check(f, owner.handle(), arena.allocateFrom(requestedName), slot);
      case INDEX -> rt.check(f, owner.handle(), (long) index, slot);
    }
    return slot.get(ValueLayout.ADDRESS, 0);
  }

  void close(MemorySegment port, boolean constant) {
    owner.rt.invoke(constant ? "ov_output_const_port_free" : "ov_output_port_free", port);
  }

  boolean ofCompiledModel() {
    return owner instanceof CompiledModel;
  }

  NativeObject owner() {
    return owner;
  }

  /** A tensor name of the port. */
  public String name() {
    return name;
  }

  /** The element type. */
  public ElementType elementType() {
    return elementType;
  }

  /** The partial shape as read when the port was looked up. */
  public PartialShape partialShape() {
    return partialShape;
  }

  /** Whether this is an output. */
  public boolean isOutput() {
    return output;
  }

  /**
   * The current static shape, asked from the runtime ({@code ov_const_port_get_shape} for compiled
   * models, {@code ov_port_get_shape} for models); fails for a dynamic shape.
   */
  public Shape shape() {
    Native rt = owner.rt;
    boolean constant = owner instanceof CompiledModel;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment port = open(arena, constant);
      try {
        MemorySegment s = arena.allocate(CTypes.SHAPE);
        rt.check(constant ? "ov_const_port_get_shape" : "ov_port_get_shape", port, s);
        return Structs.takeShape(rt, s);
      } finally {
        close(port, constant);
      }
    }
  }

  @Override
  public String toString() {
    return (output ? "output " : "input ") + name + " " + elementType.typeName() + partialShape;
  }
}
