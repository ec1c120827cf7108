package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelRegistryTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void everyAssignedOperationIsRegistered() {
    var all = KernelRegistry.supported();
    for (String op : List.of("Convert", "Add", "Subtract", "Multiply", "Divide", "Power", "Maximum", "Minimum",
        "SquaredDifference", "Abs", "Negative", "Sqrt", "Exp", "Log", "Erf", "Tanh", "Sigmoid", "Relu", "Clamp",
        "Gelu", "Swish", "HSwish", "HSigmoid", "Softmax", "MatMul", "Convolution", "GroupConvolution", "MaxPool",
        "AvgPool", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "MVN", "Reshape", "Transpose", "Squeeze",
        "Unsqueeze", "Concat", "Split", "VariadicSplit", "StridedSlice", "Slice", "Gather", "ShapeOf", "Broadcast",
        "Range", "Select", "Equal", "Less", "Greater", "GreaterEqual", "Sin", "Cos", "ScaledDotProductAttention",
        "FakeQuantize")) {
      assertTrue(all.containsKey(op), op);
    }
    assertEquals(List.of(1, 8), all.get("Softmax"));
    assertEquals(List.of(1, 8, 14), all.get("MaxPool"));
  }

  @Test
  void opsetLookupPicksTheVersionTheOpsetContains() {
    assertSame(KernelRegistry.find("Softmax", 1).orElseThrow(), KernelRegistry.forOpset("Softmax", 7).orElseThrow());
    assertSame(KernelRegistry.find("Softmax", 8).orElseThrow(), KernelRegistry.forOpset("Softmax", 13).orElseThrow());
    assertSame(KernelRegistry.find("MatMul", 0).orElseThrow(), KernelRegistry.forOpset("MatMul", 1).orElseThrow());
    assertTrue(KernelRegistry.forOpset("ScaledDotProductAttention", 12).isEmpty());
    assertTrue(KernelRegistry.forOpset("NoSuchOp", 13).isEmpty());
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> KernelRegistry.get("Softmax", 3));
    assertEquals("Softmax-3", e.op());
  }

  @Test
  void attributesAreParsedFromIrText() {
    NdArray x = NdArray.i32(s(2), 7, -7);
    NdArray y = NdArray.i32(s(1), 2);
    assertArrayEquals(new long[] {3, -4}, KernelRegistry.evaluate("Divide", 1, List.of(x, y), Map.of()).get(0).longs());
    assertArrayEquals(new long[] {3, -3},
        KernelRegistry.evaluate("Divide", 1, List.of(x, y), Map.of("m_pythondiv", "false")).get(0).longs());
    NdArray c = KernelRegistry.evaluate("Convert", 0, List.of(NdArray.f32(s(2), 1.5f, 300)),
        Map.of("destination_type", "u8")).get(0);
    assertEquals(ElementType.U8, c.type());
    assertArrayEquals(new long[] {1, 255}, c.longs());
    NdArray conv = KernelRegistry.evaluate("Convolution", 1,
        List.of(NdArray.f32(s(1, 1, 3), 1, 2, 3), NdArray.f32(s(1, 1, 2), 1, 1)),
        Map.of("strides", "1", "pads_begin", "1", "pads_end", "0", "dilations", "1", "auto_pad", "explicit")).get(0);
    assertArrayEquals(new float[] {1, 3, 5}, conv.floats());
    List<NdArray> mp = KernelRegistry.evaluate("MaxPool", 14, List.of(NdArray.f32(s(1, 1, 4), 1, 5, 2, 3)),
        Map.of("strides", "2", "dilations", "1", "pads_begin", "0", "pads_end", "0", "kernel", "2",
            "rounding_type", "ceil_torch", "auto_pad", "explicit", "index_element_type", "i32", "axis", "0"));
    assertEquals(2, mp.size());
    assertArrayEquals(new float[] {5, 3}, mp.get(0).floats());
    assertArrayEquals(new long[] {1, 3}, mp.get(1).longs());
    List<NdArray> parts = KernelRegistry.evaluate("Split", 1,
        List.of(NdArray.f32(s(4), 1, 2, 3, 4), NdArray.scalarLong(0)), Map.of("num_splits", "2"));
    assertEquals(2, parts.size());
    NdArray ss = KernelRegistry.evaluate("StridedSlice", 1,
        List.of(NdArray.f32(s(4), 1, 2, 3, 4), NdArray.vector(1), NdArray.vector(0), NdArray.vector(1)),
        Map.of("begin_mask", "0", "end_mask", "1", "new_axis_mask", "", "shrink_axis_mask", "", "ellipsis_mask", "")).get(0);
    assertArrayEquals(new float[] {2, 3, 4}, ss.floats());
    NdArray g = KernelRegistry.evaluate("Gelu", 7, List.of(NdArray.f32(s(1), 1)), Map.of("approximation_mode", "tanh")).get(0);
    assertEquals(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)), g.floats()[0], 1e-6);
  }

  @Test
  void badAttributesAndMissingInputsAreTyped() {
    NdArray x = NdArray.f32(s(2), 1, 2);
    OpAttributeException missing = assertThrows(OpAttributeException.class,
        () -> KernelRegistry.evaluate("Convert", 0, List.of(x), Map.of()));
    assertEquals("destination_type", missing.attribute());
    OpAttributeException bad = assertThrows(OpAttributeException.class,
        () -> KernelRegistry.evaluate("Clamp", 0, List.of(x), Map.of("min", "zero", "max", "1")));
    assertEquals("Clamp-0", bad.op());
    assertEquals("zero", bad.value());
    assertThrows(OpAttributeException.class,
        () -> KernelRegistry.evaluate("Softmax", 1, List.of(x), Map.of("axis", "-1")));
    assertArrayEquals(new float[] {0.5f, 0.5f},
        KernelRegistry.evaluate("Softmax", 8, List.of(NdArray.f32(s(2), 3, 3)), Map.of("axis", "-1")).get(0).floats());
    OpInputException in = assertThrows(OpInputException.class,
        () -> KernelRegistry.evaluate("Add", 1, List.of(x), Map.of()));
    assertEquals(1, in.input());
    assertThrows(OpAttributeException.class,
        () -> KernelRegistry.evaluate("Add", 1, List.of(x, x), Map.of("auto_broadcast", "explicit")));
    assertThrows(OpAttributeException.class, () -> KernelRegistry.evaluate("MaxPool", 8, List.of(NdArray.f32(s(1, 1, 2), 1, 2)),
        Map.of("strides", "1", "dilations", "1", "pads_begin", "0", "pads_end", "0", "kernel", "1",
            "rounding_type", "ceil_torch")));
  }
}
