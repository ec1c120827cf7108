package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A model read by {@link Core} ({@code ov_model_t}): ports, reshape, and its name. */
public final class Model extends PortOwner {
  Model(Native rt, MemorySegment handle) {
    super(rt, handle, "ov_model");
  }

  /** Whether any input or output shape is dynamic ({@code ov_model_is_dynamic}). */
  public boolean isDynamic() {
    return (boolean) rt.invoke("ov_model_is_dynamic", handle());
  }

  /** The model's friendly name. */
  public String friendlyName() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_model_get_friendly_name", handle(), out);
      return rt.takeString(out, 0);
    }
  }

  /** Reshapes the only input ({@code ov_model_reshape_single_input}). */
  public void reshape(PartialShape shape) {
    withShape(shape, (arena, ps) -> rt.check("ov_model_reshape_single_input", handle(), ps));
  }

  /** Reshapes the input named {@code name} ({@code ov_model_reshape_input_by_name}). */
  public void reshape(String name, PartialShape shape) {
    withShape(shape, (arena, ps) -> rt.check("ov_model_reshape_input_by_name", handle(), arena.allocateFrom(name), ps));
  }

  /** Reshapes inputs by tensor name ({@code ov_model_reshape}). */
  public void reshapeByName(Map<String, PartialShape> shapes) {
    List<Map.Entry<String, PartialShape>> e = List.copyOf(shapes.entrySet());
    reshapeMany(e.stream().map(Map.Entry::getValue).toList(), (arena, arr) -> {
      MemorySegment names = arena.allocate(ValueLayout.ADDRESS, e.size());
      for (int i = 0; i < e.size(); i++) {
        names.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(e.get(i).getKey()));
      }
      rt.check("ov_model_reshape", handle(), names, arr, (long) e.size());
    });
  }

  /** Reshapes inputs by index ({@code ov_model_reshape_by_port_indexes}). */
  public void reshapeByIndex(Map<Integer, PartialShape> shapes) {
    List<Map.Entry<Integer, PartialShape>> e = List.copyOf(shapes.entrySet());
    reshapeMany(e.stream().map(Map.Entry::getValue).toList(), (arena, arr) -> {
      MemorySegment idx = arena.allocate(ValueLayout.JAVA_LONG, e.size());
      for (int i = 0; i < e.size(); i++) {
        idx.setAtIndex(ValueLayout.JAVA_LONG, i, checkIndex(e.get(i).getKey()));
      }
      rt.check("ov_model_reshape_by_port_indexes", handle(), idx, arr, (long) e.size());
    });
  }

  /** Reshapes inputs given as ports of this model ({@code ov_model_reshape_by_ports}). */
  public void reshapeByPort(Map<Port, PartialShape> shapes) {
    List<Map.Entry<Port, PartialShape>> e = List.copyOf(shapes.entrySet());
    for (var entry : e) {
      if (entry.getKey().owner() != this) {
        throw new IllegalArgumentException("port " + entry.getKey() + " belongs to another model");
      }
    }
    reshapeMany(e.stream().map(Map.Entry::getValue).toList(), (arena, arr) -> {
      MemorySegment ports = arena.allocate(ValueLayout.ADDRESS, e.size());
      List<MemorySegment> opened = new ArrayList<>();
      try {
        for (int i = 0; i < e.size(); i++) {
          MemorySegment p = e.get(i).getKey().open(arena, false);
          opened.add(p);
          ports.setAtIndex(ValueLayout.ADDRESS, i, p);
        }
        rt.check("ov_model_reshape_by_ports", handle(), ports, arr, (long) e.size());
      } finally {
        for (MemorySegment p : opened) {
          rt.invoke("ov_output_port_free", p);
        }
      }
    });
  }

  private interface ShapeCall {
    void call(Arena arena, MemorySegment value);
  }

  private void withShape(PartialShape shape, ShapeCall call) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ps = Structs.partialShape(rt, arena, shape);
      try {
        call.call(arena, ps);
      } finally {
        Structs.freePartialShape(rt, ps);
      }
    }
  }

  private void reshapeMany(List<PartialShape> shapes, ShapeCall call) {
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException("reshape needs at least one shape");
    }
    try (Arena arena = Arena.ofConfined()) {
      List<MemorySegment> made = new ArrayList<>();
      MemorySegment arr = arena.allocate(dev.jvino.ffm.raw.CTypes.PARTIAL_SHAPE, shapes.size());
      try {
        for (int i = 0; i < shapes.size(); i++) {
          MemorySegment ps = Structs.partialShape(rt, arena, shapes.get(i));
          made.add(ps);
          MemorySegment.copy(ps, 0, arr, i * 24L, 24);
        }
        call.call(arena, arr);
      } finally {
        made.forEach(ps -> Structs.freePartialShape(rt, ps));
      }
    }
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_model_free", h);
  }
}
