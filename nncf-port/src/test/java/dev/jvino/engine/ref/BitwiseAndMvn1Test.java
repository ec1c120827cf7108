package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bitwise*-13 and MVN-1, the two gaps the op census found in common exports. */
class BitwiseAndMvn1Test {
  @Test
  void bitwiseOnBooleansBroadcasts() {
    NdArray a = NdArray.bools(new long[] {2, 2}, true, false, true, true);
    NdArray b = NdArray.bools(new long[] {2}, true, false);
    NdArray and = KernelRegistry.evaluate("BitwiseAnd", 13, List.of(a, b), Map.of()).get(0);
    assertArrayEquals(new boolean[] {true, false, true, false}, and.booleans());
    NdArray xor = KernelRegistry.forOpset("BitwiseXor", 15).orElseThrow()
        .evaluate(List.of(a, b), new IrAttributes("BitwiseXor-13", Map.of())).get(0);
    assertArrayEquals(new boolean[] {false, false, false, true}, xor.booleans());
  }

  @Test
  void bitwiseOnIntegersWrapsToTheType() {
    NdArray a = NdArray.ofLongs(ElementType.U8, new long[] {3}, new long[] {0b1100, 5, 255});
    NdArray b = NdArray.ofLongs(ElementType.U8, new long[] {3}, new long[] {0b1010, 3, 1});
    assertArrayEquals(new long[] {0b1110, 7, 255},
        KernelRegistry.evaluate("BitwiseOr", 13, List.of(a, b), Map.of()).get(0).longs());
    assertArrayEquals(new long[] {0b0110, 6, 254},
        KernelRegistry.evaluate("BitwiseXor", 13, List.of(a, b), Map.of()).get(0).longs());
    assertArrayEquals(new long[] {243, 250, 0},
        KernelRegistry.evaluate("BitwiseNot", 13, List.of(a), Map.of()).get(0).longs());
    NdArray i = NdArray.i32(new long[] {2}, -1, 6);
    assertArrayEquals(new long[] {0, -7}, KernelRegistry.evaluate("BitwiseNot", 13, List.of(i), Map.of()).get(0).longs());
  }

  @Test
  void bitwiseRejectsFloatsAndMixedTypes() {
    NdArray f = NdArray.f32(new long[] {1}, 1f);
    assertThrows(OpInputException.class, () -> KernelRegistry.evaluate("BitwiseAnd", 13, List.of(f, f), Map.of()));
    NdArray u = NdArray.ofLongs(ElementType.U8, new long[] {1}, new long[] {1});
    NdArray i = NdArray.i32(new long[] {1}, 1);
    assertThrows(OpInputException.class, () -> KernelRegistry.evaluate("BitwiseAnd", 13, List.of(u, i), Map.of()));
  }

  @Test
  void mvn1NormalizesPerChannelOrAcrossChannels() {
    // [1, 2, 2]: channel 0 = {1, 3}, channel 1 = {10, 30}
    NdArray x = NdArray.f32(new long[] {1, 2, 2}, 1f, 3f, 10f, 30f);
    double eps = 1e-9;
    NdArray per = KernelRegistry.forOpset("MVN", 2).orElseThrow().evaluate(List.of(x),
        new IrAttributes("MVN-0", Map.of("across_channels", "false", "normalize_variance", "true", "eps", "1e-9")))
        .get(0);
    assertArrayEquals(new float[] {-1f, 1f, -1f, 1f}, per.floats(), 1e-6f);
    NdArray across = KernelRegistry.evaluate("MVN", 0, List.of(x),
        Map.of("across_channels", "true", "normalize_variance", "true", "eps", "1e-9")).get(0);
    double mean = (1 + 3 + 10 + 30) / 4.0;
    double var = ((1 - mean) * (1 - mean) + (3 - mean) * (3 - mean) + (10 - mean) * (10 - mean)
        + (30 - mean) * (30 - mean)) / 4.0;
    assertEquals((1 - mean) / Math.sqrt(var + eps), across.floats()[0], 1e-6);
    assertEquals((30 - mean) / Math.sqrt(var + eps), across.floats()[3], 1e-6);
    NdArray meanOnly = KernelRegistry.evaluate("MVN", 0, List.of(x),
        Map.of("across_channels", "false", "normalize_variance", "false", "eps", "1e-9")).get(0);
    assertArrayEquals(new float[] {-1f, 1f, -10f, 10f}, meanOnly.floats(), 1e-6f);
    NdArray explicitAxes = KernelRegistry.evaluate("MVN", 0, List.of(x),
        Map.of("reduction_axes", "1", "normalize_variance", "false", "eps", "1e-9")).get(0);
    assertArrayEquals(new float[] {-4.5f, -13.5f, 4.5f, 13.5f}, explicitAxes.floats(), 1e-5f);
    assertThrows(OpInputException.class, () -> KernelRegistry.evaluate("MVN", 0,
        List.of(NdArray.f32(new long[] {2, 2}, 1f, 2f, 3f, 4f)), Map.of("eps", "1e-9")));
  }
}
