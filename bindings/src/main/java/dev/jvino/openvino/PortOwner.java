package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Model} and {@link CompiledModel} share: their inputs and outputs, looked up as the only
 * one, by tensor name or by index, through the C functions of their own prefix
 * ({@code ov_model_*} or {@code ov_compiled_model_*}).
 */
abstract sealed class PortOwner extends NativeObject permits Model, CompiledModel {
  private final String prefix;

  PortOwner(Native rt, MemorySegment handle, String prefix) {
    super(rt, handle);
    this.prefix = prefix;
  }

  /** Number of inputs. */
  public int inputCount() {
    return size(prefix + "_inputs_size");
  }

  /** Number of outputs. */
  public int outputCount() {
    return size(prefix + "_outputs_size");
  }

  private int size(String fn) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
      rt.check(fn, handle(), out);
      return Math.toIntExact(out.get(ValueLayout.JAVA_LONG, 0));
    }
  }

  /** The only input (fails when there are several). */
  public Port input() {
    return Port.of(this, false, Port.Lookup.SINGLE, null, 0);
  }

  /** The input with tensor name {@code name}. */
  public Port input(String name) {
    return Port.of(this, false, Port.Lookup.NAME, name, 0);
  }

  /** Input {@code index}. */
  public Port input(int index) {
    return Port.of(this, false, Port.Lookup.INDEX, null, checkIndex(index));
  }

  /** The only output (fails when there are several). */
  public Port output() {
    return Port.of(this, true, Port.Lookup.SINGLE, null, 0);
  }

  /** The output with tensor name {@code name}. */
  public Port output(String name) {
    return Port.of(this, true, Port.Lookup.NAME, name, 0);
  }

  /** Output {@code index}. */
  public Port output(int index) {
    return Port.of(this, true, Port.Lookup.INDEX, null, checkIndex(index));
  }

  /** All inputs in order. */
  public List<Port> inputs() {
    List<Port> out = new ArrayList<>();
    for (int i = 0, n = inputCount(); i < n; i++) {
      out.add(input(i));
    }
    return out;
  }

  /** All outputs in order. */
  public List<Port> outputs() {
    List<Port> out = new ArrayList<>();
    for (int i = 0, n = outputCount(); i < n; i++) {
      out.add(output(i));
    }
    return out;
  }

  static int checkIndex(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("port index must be >= 0, got " + index);
    }
    return index;
  }
}
