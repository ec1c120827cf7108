package dev.jvino.ffm.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Confirms an element-type numbering against the loaded runtime: tensors of shape {8} are created
 * with the candidate's codes for f32, u8 and u4 and their byte sizes compared with 32, 8 and 4.
 * The first candidate whose sizes all match is used; none matching is an error naming what was seen.
 */
public final class ElementTypeProbe {
  private ElementTypeProbe() {}

  /** What the runtime reported for each probed type of a candidate. */
  public record Observation(String type, int code, long byteSize, long expected) {}

  /** The confirmed numbering for {@code api}'s runtime. */
  public static ElementTypeCodes select(OvApi api) {
    List<ElementTypeCodes> candidates = ElementTypeCodes.candidatesFor(api.version());
    List<String> seen = new ArrayList<>();
    for (ElementTypeCodes c : candidates) {
      List<Observation> obs = observe(api, c);
      if (obs.stream().allMatch(o -> o.byteSize() == o.expected())) {
        return c;
      }
      seen.add(c.label() + " " + obs);
    }
    throw new IllegalStateException(
        "element-type numbering of OpenVINO " + api.version() + " matches none of the known tables: " + seen);
  }

  /** Creates the three probe tensors with {@code codes} and reports their byte sizes. */
  public static List<Observation> observe(OvApi api, ElementTypeCodes codes) {
    List<Observation> out = new ArrayList<>();
    for (String type : List.of("f32", "u8", "u4")) {
      int code = codes.code(type).orElseThrow();
      long expected = switch (type) {
        case "f32" -> 32;
        case "u8" -> 8;
        default -> 4;
      };
      out.add(new Observation(type, code, byteSize(api, code), expected));
    }
    return out;
  }

  private static long byteSize(OvApi api, int code) {
    MethodHandle create = api.handle("ov_tensor_create");
    MethodHandle size = api.handle("ov_tensor_get_byte_size");
    MethodHandle free = api.handle("ov_tensor_free");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dims = arena.allocateFrom(ValueLayout.JAVA_LONG, 8L);
      MemorySegment shape = arena.allocate(CTypes.SHAPE);
      shape.set(ValueLayout.JAVA_LONG, 0, 1L);
      shape.set(ValueLayout.ADDRESS, 8, dims);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      int status = (int) create.invokeExact(code, shape, out);
      if (status != 0) {
        return -1;
      }
      MemorySegment tensor = out.get(ValueLayout.ADDRESS, 0);
      MemorySegment bytes = arena.allocate(ValueLayout.JAVA_LONG);
      int s2 = (int) size.invokeExact(tensor, bytes);
      free.invokeExact(tensor);
      return s2 == 0 ? bytes.get(ValueLayout.JAVA_LONG, 0) : -1;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("element-type probe failed", t);
    }
  }
}
