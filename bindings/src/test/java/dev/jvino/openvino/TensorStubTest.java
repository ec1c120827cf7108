package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TensorStubTest {
  AbiStub stub;

  @BeforeEach
  void install() {
    stub = AbiStub.installCurrent();
    stub.clearLog();
  }

  @Test
  void shapesArePassedByValueAndReadBack() {
    try (Tensor t = Tensor.allocate(ElementType.F32, Shape.of(2, 3, 4))) {
      assertEquals(Shape.of(2, 3, 4), t.shape());
      assertEquals(24, t.size());
      assertEquals(96, t.byteSize());
      assertEquals(ElementType.F32, t.elementType());
      t.setShape(Shape.of(4, 6));
      assertEquals(Shape.of(4, 6), t.shape());
      t.setShape(Shape.of(10, 10));
      assertEquals(400, t.byteSize());
    }
    String log = stub.log();
    assertTrue(log.contains("ov_tensor_create type=4 shape=[2,3,4]"), log);
    assertTrue(log.contains("ov_tensor_set_shape [10,10]"), log);
  }

  @Test
  void scalarsHaveRankZeroWithoutCallingShapeCreate() {
    int creates = stub.calls("ov_shape_create");
    try (Tensor t = Tensor.allocate(ElementType.I64, Shape.of())) {
      assertEquals(Shape.of(), t.shape());
      assertEquals(1, t.size());
      assertEquals(8, t.byteSize());
    }
    assertEquals(creates, stub.calls("ov_shape_create"));
  }

  @Test
  void packedAndNarrowTypesHaveTheirPackedByteSizes() {
    for (var c : new Object[][] {{ElementType.U4, 4L}, {ElementType.I4, 4L}, {ElementType.U1, 1L}, {ElementType.NF4, 4L},
        {ElementType.F16, 16L}, {ElementType.BF16, 16L}, {ElementType.F8E4M3, 8L}, {ElementType.F4E2M1, 4L}}) {
      try (Tensor t = Tensor.allocate((ElementType) c[0], Shape.of(8))) {
        assertEquals((long) c[1], t.byteSize(), c[0].toString());
        assertEquals(c[0], t.elementType());
      }
    }
  }

  @Test
  void zeroCopyViewsAndArrayCopies() {
    try (Tensor t = Tensor.allocateHost(ElementType.F32, Shape.of(2, 2))) {
      t.asFloatBuffer().put(new float[] {1.5f, -2f, 3f, 4f});
      assertArrayEquals(new float[] {1.5f, -2f, 3f, 4f}, TensorData.toFloatArray(t));
      assertEquals(0, t.data().address() % 64, "64-byte aligned");
    }
    try (Tensor t = Tensor.allocate(ElementType.F16, Shape.of(3))) {
      TensorData.copyFrom(t, 0.5f, -1f, 65504f);
      assertArrayEquals(new float[] {0.5f, -1f, 65504f}, TensorData.toFloatArray(t));
      assertArrayEquals(new byte[] {0x00, 0x38, 0x00, (byte) 0xBC, (byte) 0xFF, 0x7B}, TensorData.toByteArray(t));
    }
    try (Tensor t = Tensor.allocate(ElementType.U4, Shape.of(4))) {
      TensorData.copyFrom(t, 1, 2, 15, 0);
      assertArrayEquals(new byte[] {0x21, 0x0F}, TensorData.toByteArray(t));
      assertArrayEquals(new int[] {1, 2, 15, 0}, TensorData.toIntArray(t));
      TensorData.copyBytes(t, new byte[] {(byte) 0xFF, 0x00});
      assertArrayEquals(new long[] {15, 15, 0, 0}, TensorData.toLongArray(t));
      assertThrows(IllegalArgumentException.class, () -> TensorData.copyFrom(t, 1, 2, 3));
    }
    try (Tensor t = Tensor.allocate(ElementType.I32, Shape.of(2))) {
      assertThrows(IllegalStateException.class, t::asFloatBuffer);
      t.asIntBuffer().put(1, -7);
      assertArrayEquals(new int[] {0, -7}, TensorData.toIntArray(t));
      assertThrows(IllegalStateException.class, t::asLongBuffer);
    }
    try (Tensor t = Tensor.allocate(ElementType.I64, Shape.of(1)); Tensor d = Tensor.allocate(ElementType.F64, Shape.of(1));
        Tensor h = Tensor.allocate(ElementType.BF16, Shape.of(1))) {
      t.asLongBuffer().put(0, Long.MAX_VALUE);
      assertArrayEquals(new long[] {Long.MAX_VALUE}, TensorData.toLongArray(t));
      d.asDoubleBuffer().put(0, 0.1);
      assertEquals(0.1f, TensorData.toFloatArray(d)[0]);
      h.asShortBuffer().put(0, (short) 0x4049); // bf16 3.140625
      assertEquals(3.140625f, TensorData.toFloatArray(h)[0]);
      assertEquals(2, h.asByteBuffer().capacity());
    }
  }

  @Test
  void wrappingCallerMemoryIsZeroCopyAndChecked() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = arena.allocate(16, 64);
      try (Tensor t = Tensor.wrap(ElementType.I32, Shape.of(4), m)) {
        assertEquals(m.address(), t.data().address());
        m.setAtIndex(ValueLayout.JAVA_INT, 2, 77);
        assertArrayEquals(new int[] {0, 0, 77, 0}, TensorData.toIntArray(t));
      }
      var e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(ElementType.F64, Shape.of(4), m));
      assertEquals("tensor data has 16 bytes, f64[4] needs 32", e.getMessage());
    }
  }

  @Test
  void stringTensors() {
    try (Tensor t = Tensor.ofStrings(Shape.of(2), "hello", "w\u00f6rld")) {
      assertEquals(ElementType.STRING, t.elementType());
      t.setStrings("a", "b");
    }
    String log = stub.log();
    assertTrue(log.contains("  string[0]=hello\n  string[1]=w\u00f6rld"), log);
    assertTrue(log.contains("ov_tensor_set_string_data 2\n  string[0]=a\n  string[1]=b"), log);
    assertThrows(IllegalArgumentException.class, () -> Tensor.ofStrings(Shape.of(3), "x"));
  }

  @Test
  void everyHandedOutShapeIsFreedWithShapeFree() {
    int live = stub.live();
    int bad = stub.badFrees();
    try (Tensor t = Tensor.allocate(ElementType.F32, Shape.of(5, 5))) {
      for (int i = 0; i < 10; i++) {
        t.shape();
      }
    }
    assertEquals(live, stub.live());
    assertEquals(bad, stub.badFrees());
  }
}
