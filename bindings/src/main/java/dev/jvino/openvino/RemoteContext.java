package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A device context for sharing memory with other APIs (GPU: OpenCL, VA) ({@code ov_remote_context_t}).
 * Parameter values are strings, or {@link MemorySegment} for the native handles the GPU plugin
 * expects ({@code OCL_CONTEXT}, {@code OCL_QUEUE}, {@code VA_DEVICE}, {@code MEM_HANDLE}, ...).
 */
public final class RemoteContext extends NativeObject {
  RemoteContext(Native rt, MemorySegment handle) {
    super(rt, handle);
  }

  /** The device the context belongs to. */
  public String deviceName() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_remote_context_get_device_name", handle(), out);
      return rt.takeString(out, 0);
    }
  }

  /** The context parameters as OpenVINO renders them, and their count. */
  public Params params() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_remote_context_get_params", handle(), size, out);
      return new Params(size.get(ValueLayout.JAVA_LONG, 0), rt.takeString(out, 0));
    }
  }

  /**
   * Parameters of a context.
   *
   * @param count how many parameters
   * @param text OpenVINO's rendering
   */
  public record Params(long count, String text) {}

  /** A device tensor described by {@code params} (variadic {@code ov_remote_context_create_tensor}). */
  public Tensor createTensor(ElementType type, Shape shape, Map<String, Object> params) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment[] extra = pairs(arena, params);
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        rt.checkVariadic("ov_remote_context_create_tensor",
            new Object[] {handle(), rt.code(type), s, (long) extra.length, out}, extra);
        return Tensor.adopt(rt, out.get(ValueLayout.ADDRESS, 0));
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  /** A host tensor the device can reach quickly ({@code ov_remote_context_create_host_tensor}). */
  public Tensor createHostTensor(ElementType type, Shape shape) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        rt.check("ov_remote_context_create_host_tensor", handle(), rt.code(type), s, out);
        return Tensor.adopt(rt, out.get(ValueLayout.ADDRESS, 0));
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  /** Key/value varargs: strings become C strings, segments pass as raw pointers. */
  static MemorySegment[] pairs(Arena arena, Map<String, Object> params) {
    List<MemorySegment> out = new ArrayList<>();
    params.forEach((k, v) -> {
      out.add(arena.allocateFrom(k));
      out.add(switch (v) {
        case String s -> arena.allocateFrom(s);
        case MemorySegment m -> m;
        case null -> throw new IllegalArgumentException("parameter " + k + " has no value");
        default -> throw new IllegalArgumentException(
            "parameter " + k + " must be a String or a MemorySegment, got " + v.getClass().getName());
      });
    });
    return out.toArray(MemorySegment[]::new);
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_remote_context_free", h);
  }
}
