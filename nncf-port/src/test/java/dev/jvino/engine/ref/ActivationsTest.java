package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Activations.ClampAttrs;
import dev.jvino.engine.ref.Activations.GeluMode;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import org.junit.jupiter.api.Test;

class ActivationsTest {
  private static long[] s(long... d) {
    return d;
  }

  private static void close(double[] expected, NdArray actual, double tol) {
    double[] a = actual.toDoubleArray();
    assertEquals(expected.length, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tol, "element " + i);
    }
  }

  @Test
  void erfMatchesKnownValues() {
    // reference values from Python's math.erf
    assertEquals(0.5204998778130465, SpecialFunctions.erf(0.5), 1e-15);
    assertEquals(0.8427007929497149, SpecialFunctions.erf(1.0), 1e-15);
    assertEquals(-0.9953222650189527, SpecialFunctions.erf(-2.0), 1e-15);
    assertEquals(0.9999779095030014, SpecialFunctions.erf(3.0), 1e-15);
    assertEquals(2.209049699858544e-05, SpecialFunctions.erfc(3.0), 1e-18);
    assertEquals(0.999593047982555, SpecialFunctions.erf(2.5), 1e-15);
    assertEquals(1.0, SpecialFunctions.erf(40), 0);
  }

  @Test
  void basicUnaryOps() {
    NdArray x = NdArray.f32(s(4), -2, -0.5f, 0, 3);
    close(new double[] {2, 0.5, 0, 3}, Activations.abs(x), 0);
    close(new double[] {2, 0.5, 0, -3}, Activations.negative(x), 0);
    close(new double[] {0, 0, 0, 3}, Activations.relu(x), 0);
    close(new double[] {Math.exp(-2), Math.exp(-0.5), 1, Math.exp(3)}, Activations.exp(x), 1e-6);
    close(new double[] {1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-3))},
        Activations.sigmoid(x), 1e-7);
    close(new double[] {Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(3)}, Activations.tanh(x), 1e-7);
    close(new double[] {Math.sin(-2), Math.sin(-0.5), 0, Math.sin(3)}, Activations.sin(x), 1e-7);
    close(new double[] {Math.cos(-2), Math.cos(-0.5), 1, Math.cos(3)}, Activations.cos(x), 1e-7);
    // hswish: x*min(max(x+3,0),6)/6 ; hsigmoid: min(max(x+3,0),6)/6
    close(new double[] {-2 / 6.0, -0.5 * 2.5 / 6, 0, 3}, Activations.hswish(x), 1e-7);
    close(new double[] {1 / 6.0, 2.5 / 6, 0.5, 1}, Activations.hsigmoid(x), 1e-7);
    NdArray p = NdArray.f32(s(3), 4, 0, 1);
    close(new double[] {2, 0, 1}, Activations.sqrt(p), 0);
    close(new double[] {Math.log(4), Double.NEGATIVE_INFINITY, 0}, Activations.log(p), 1e-7);
    close(new double[] {-0.9953222650189527, -0.5204998778130465, 0, 0.9999779095030014},
        Activations.erf(x), 1e-7);
  }

  @Test
  void f16ResultsAreRoundedToF16() {
    NdArray x = NdArray.f16(s(3), 1, -1, 0.5f);
    NdArray e = Activations.exp(x);
    assertEquals(ElementType.F16, e.type());
    for (int i = 0; i < 3; i++) {
      float expected = Float.float16ToFloat(Float.floatToFloat16((float) Math.exp(x.floats()[i])));
      assertEquals(expected, e.floats()[i]);
    }
    assertEquals(2.71875f, e.floats()[0]); // e rounded to f16
    NdArray g = Activations.gelu(x, GeluMode.ERF);
    assertEquals(Float.float16ToFloat(Float.floatToFloat16(0.8413447f)), g.floats()[0]);
  }

  @Test
  void integerSupportIsLimitedToExactOps() {
    NdArray i = NdArray.ofLongs(ElementType.I8, s(3), new long[] {-128, -3, 5});
    assertArrayEquals(new long[] {-128, 3, 5}, Activations.abs(i).longs()); // |-128| wraps in i8
    assertArrayEquals(new long[] {-128, 3, -5}, Activations.negative(i).longs());
    assertArrayEquals(new long[] {0, 0, 5}, Activations.relu(i).longs());
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> Activations.exp(i));
    assertTrue(e.getMessage().startsWith("Exp-0"));
  }

  @Test
  void geluBothModes() {
    NdArray x = NdArray.f32(s(3), -1, 0.5f, 2);
    double[] erf = {-0.15865525393145707, 0.34573123063700656, 1.9544997361036416};
    close(erf, Activations.gelu(x, GeluMode.ERF), 1e-7);
    double[] tanh = new double[3];
    double[] v = {-1, 0.5, 2};
    for (int k = 0; k < 3; k++) {
      tanh[k] = 0.5 * v[k] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v[k] + 0.044715 * Math.pow(v[k], 3))));
    }
    close(tanh, Activations.gelu(x, GeluMode.TANH), 1e-7);
    assertEquals(-0.158808, tanh[0], 1e-6);
  }

  @Test
  void swishWithAndWithoutBeta() {
    NdArray x = NdArray.f32(s(2), -1, 2);
    close(new double[] {-1 / (1 + Math.E), 2 / (1 + Math.exp(-2))}, Activations.swish(x, null), 1e-7);
    close(new double[] {-1 / (1 + Math.exp(0.5)), 2 / (1 + Math.exp(-1))},
        Activations.swish(x, NdArray.f32(s(), 0.5f)), 1e-7);
    assertThrows(OpInputException.class, () -> Activations.swish(x, NdArray.f32(s(2), 1, 2)));
  }

  @Test
  void clampFloatsAndIntegers() {
    NdArray x = NdArray.f32(s(4), -5, 0.2f, 3, Float.NaN);
    NdArray r = Activations.clamp(x, new ClampAttrs(-1, 2.5));
    assertArrayEquals(new float[] {-1, 0.2f, 2.5f, Float.NaN}, r.floats());
    NdArray i = NdArray.i32(s(4), -5, 0, 3, 2);
    assertArrayEquals(new long[] {0, 0, 2, 2}, Activations.clamp(i, new ClampAttrs(-0.5, 2.5)).longs());
    OpAttributeException e = assertThrows(OpAttributeException.class, () -> new ClampAttrs(3, 1));
    assertEquals("min", e.attribute());
  }

  @Test
  void softmaxAlongAnyAxisIncludingNegative() {
    NdArray x = NdArray.f32(s(2, 3), 1, 2, 3, 1, 1, 1);
    double e1 = Math.exp(-2);
    double e2 = Math.exp(-1);
    double z = e1 + e2 + 1;
    close(new double[] {e1 / z, e2 / z, 1 / z, 1 / 3.0, 1 / 3.0, 1 / 3.0}, Activations.softmax(x, -1), 1e-7);
    NdArray c = Activations.softmax(x, 0);
    double a = 1 / (1 + Math.exp(-1));
    double b = 1 / (1 + Math.exp(-2));
    close(new double[] {0.5, a, b, 0.5, 1 - a, 1 - b}, c, 1e-7);
    assertThrows(OpAttributeException.class, () -> Activations.softmax(x, 2));
    NdArray h = Activations.softmax(NdArray.f16(s(2), 0, 0), 0);
    assertArrayEquals(new float[] {0.5f, 0.5f}, h.floats());
  }
}
