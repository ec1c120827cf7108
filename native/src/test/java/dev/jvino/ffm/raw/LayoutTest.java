package dev.jvino.ffm.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

/** Struct offsets from {@link StructLayout#byteOffset} against the documented x86-64 values. */
class LayoutTest {
  private static long off(StructLayout s, String... path) {
    PathElement[] p = new PathElement[path.length];
    for (int i = 0; i < path.length; i++) {
      p[i] = PathElement.groupElement(path[i]);
    }
    return s.byteOffset(p);
  }

  @Test
  void shapesDimensionsAndRanks() {
    assertEquals(16, CTypes.SHAPE.byteSize());
    assertEquals(0, off(CTypes.SHAPE, "rank"));
    assertEquals(8, off(CTypes.SHAPE, "dims"));
    assertEquals(16, CTypes.DIMENSION.byteSize());
    assertEquals(8, off(CTypes.DIMENSION, "max"));
    assertEquals(16, CTypes.RANK.byteSize());
    assertEquals(24, CTypes.PARTIAL_SHAPE.byteSize());
    assertEquals(0, off(CTypes.PARTIAL_SHAPE, "rank", "min"));
    assertEquals(8, off(CTypes.PARTIAL_SHAPE, "rank", "max"));
    assertEquals(16, off(CTypes.PARTIAL_SHAPE, "dims"));
  }

  @Test
  void versionsDevicesCallbacksProperties() {
    assertEquals(16, CTypes.VERSION.byteSize());
    assertEquals(8, off(CTypes.VERSION, "description"));
    assertEquals(24, CTypes.CORE_VERSION.byteSize());
    assertEquals(8, off(CTypes.CORE_VERSION, "version", "buildNumber"));
    assertEquals(16, off(CTypes.CORE_VERSION, "version", "description"));
    assertEquals(16, CTypes.CORE_VERSION_LIST.byteSize());
    assertEquals(8, off(CTypes.CORE_VERSION_LIST, "size"));
    assertEquals(16, CTypes.AVAILABLE_DEVICES.byteSize());
    assertEquals(8, off(CTypes.AVAILABLE_DEVICES, "size"));
    assertEquals(16, CTypes.CALLBACK.byteSize());
    assertEquals(8, off(CTypes.CALLBACK, "args"));
    assertEquals(16, CTypes.PROPERTY.byteSize());
    assertEquals(8, off(CTypes.PROPERTY, "value"));
    assertEquals(16, CTypes.ENCRYPTION_CALLBACKS.byteSize());
    assertEquals(8, off(CTypes.ENCRYPTION_CALLBACKS, "decrypt_func"));
  }

  @Test
  void profilingInfoHasFourBytesOfPaddingAfterTheStatus() {
    assertEquals(48, CTypes.PROFILING_INFO.byteSize());
    assertEquals(0, off(CTypes.PROFILING_INFO, "status"));
    assertEquals(8, off(CTypes.PROFILING_INFO, "real_time"));
    assertEquals(16, off(CTypes.PROFILING_INFO, "cpu_time"));
    assertEquals(24, off(CTypes.PROFILING_INFO, "node_name"));
    assertEquals(32, off(CTypes.PROFILING_INFO, "exec_type"));
    assertEquals(40, off(CTypes.PROFILING_INFO, "node_type"));
    assertEquals(16, CTypes.PROFILING_INFO_LIST.byteSize());
    assertEquals(8, off(CTypes.PROFILING_INFO_LIST, "size"));
  }
}
