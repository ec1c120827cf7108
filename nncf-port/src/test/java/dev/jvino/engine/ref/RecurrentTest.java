package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recurrent kernels on tiny hand-computed cases (hidden size 1) and their typed rejections. */
class RecurrentTest {
  private static final double TOL = 1e-6;

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static NdArray f(long[] shape, float... v) {
    return NdArray.f32(shape, v);
  }

  private static long[] s(long... d) {
    return d;
  }

  private static List<NdArray> eval(String type, int version, Map<String, String> attrs, NdArray... in) {
    return KernelRegistry.evaluate(type, version, List.of(in), attrs);
  }

  private static void close(double expected, NdArray actual, int i) {
    assertEquals(expected, actual.getDouble(i), TOL, "element " + i);
  }

  @Test
  void rnnCellIsActivationOfBothProductsPlusBias() {
    // tanh(0.5*0.3 + 0.2*0.4 + 0.1)
    List<NdArray> out = eval("RNNCell", 0, Map.of("hidden_size", "1"), f(s(1, 1), 0.5f), f(s(1, 1), 0.2f),
        f(s(1, 1), 0.3f), f(s(1, 1), 0.4f), f(s(1), 0.1f));
    assertEquals(1, out.size());
    assertArrayEquals(s(1, 1), out.get(0).shape());
    close(Math.tanh(0.33), out.get(0), 0);
  }

  @Test
  void rnnCellInF64StaysInDouble() {
    NdArray one = NdArray.ofDoubles(s(1, 1), new double[] {0.5});
    List<NdArray> out = eval("RNNCell", 0, Map.of("hidden_size", "1"), one,
        NdArray.ofDoubles(s(1, 1), new double[] {0.2}), NdArray.ofDoubles(s(1, 1), new double[] {0.3}),
        NdArray.ofDoubles(s(1, 1), new double[] {0.4}), NdArray.ofDoubles(s(1), new double[] {0.1}));
    assertEquals(Math.tanh(0.5 * 0.3 + 0.2 * 0.4 + 0.1), out.get(0).doubles()[0], 1e-15);
  }

  @Test
  void clipBoundsThePreActivation() {
    // relu(clip(2 * 1, 0.5)) = 0.5 ; the missing bias is zero
    List<NdArray> out = eval("RNNCell", 0, Map.of("hidden_size", "1", "activations", "relu", "clip", "0.5"),
        f(s(1, 1), 2f), f(s(1, 1), 0f), f(s(1, 1), 1f), f(s(1, 1), 0f));
    close(0.5, out.get(0), 0);
  }

  @Test
  void lstmCellGateOrderIsForgetInputCellOutput() {
    // W rows f, i, c, o = 0.1, 0.2, 0.3, 0.4 ; x = 1, h = 0, c = 2
    List<NdArray> out = eval("LSTMCell", 4, Map.of("hidden_size", "1"), f(s(1, 1), 1f), f(s(1, 1), 0f),
        f(s(1, 1), 2f), f(s(4, 1), 0.1f, 0.2f, 0.3f, 0.4f), f(s(4, 1), 0, 0, 0, 0), f(s(4), 0, 0, 0, 0));
    double c = 2 * sigmoid(0.1) + sigmoid(0.2) * Math.tanh(0.3);
    close(sigmoid(0.4) * Math.tanh(c), out.get(0), 0);
    close(c, out.get(1), 0);
  }

  @Test
  void lstmCell0PeepholesAreForgetInputOutput() {
    // P = [pf, pi, po] = [0.5, -0.5, 0.25]; the output gate sees the new cell state
    NdArray[] in = {f(s(1, 1), 1f), f(s(1, 1), 0f), f(s(1, 1), 2f), f(s(4, 1), 0.1f, 0.2f, 0.3f, 0.4f),
        f(s(4, 1), 0, 0, 0, 0), f(s(4), 0, 0, 0, 0), f(s(3), 0.5f, -0.5f, 0.25f)};
    List<NdArray> out = eval("LSTMCell", 0, Map.of("hidden_size", "1"), in);
    double ft = sigmoid(0.1 + 0.5 * 2);
    double c = 2 * ft + sigmoid(0.2 - 0.5 * 2) * Math.tanh(0.3);
    close(sigmoid(0.4 + 0.25 * c) * Math.tanh(c), out.get(0), 0);
    close(c, out.get(1), 0);
    // input_forget couples the input gate: i = 1 - f
    out = eval("LSTMCell", 0, Map.of("hidden_size", "1", "input_forget", "true"), in);
    double cf = 2 * ft + (1 - ft) * Math.tanh(0.3);
    close(cf, out.get(1), 0);
    close(sigmoid(0.4 + 0.25 * cf) * Math.tanh(cf), out.get(0), 0);
  }

  @Test
  void gruCellBothLinearBeforeResetModes() {
    // W rows z, r, h = 0.2, -0.3, 0.7 ; R rows = 0.4, 0.6, -0.5 ; x = 1, h = 0.5
    NdArray x = f(s(1, 1), 1f);
    NdArray h = f(s(1, 1), 0.5f);
    NdArray w = f(s(3, 1), 0.2f, -0.3f, 0.7f);
    NdArray r = f(s(3, 1), 0.4f, 0.6f, -0.5f);
    double z = sigmoid(0.2 + 0.2 + 0.1);
    double rt = sigmoid(-0.3 + 0.3 + 0.05);
    // reset applied to h before the recurrent product: (r*h) * Rh + Wbh + Rbh (summed in B)
    double cand = Math.tanh(0.7 + rt * 0.5 * -0.5 + 0.2);
    NdArray out = eval("GRUCell", 3, Map.of("hidden_size", "1"), x, h, w, r, f(s(3), 0.1f, 0.05f, 0.2f)).get(0);
    close((1 - z) * cand + z * 0.5, out, 0);
    // linear_before_reset: r * (h * Rh + Rbh) + Wbh, with B = [z, r, Wbh, Rbh]
    double candL = Math.tanh(0.7 + rt * (0.5 * -0.5 + 0.3) + 0.2);
    NdArray outL = eval("GRUCell", 3, Map.of("hidden_size", "1", "linear_before_reset", "true"), x, h, w, r,
        f(s(4), 0.1f, 0.05f, 0.2f, 0.3f)).get(0);
    close((1 - z) * candL + z * 0.5, outL, 0);
  }

  /** h_t = relu(x_t + h_{t-1}): a running sum, so the order of the steps shows in the outputs. */
  private static List<NdArray> runningSum(String direction, NdArray h0, long... lens) {
    int dirs = direction.equals("bidirectional") ? 2 : 1;
    float[] ones = new float[dirs];
    java.util.Arrays.fill(ones, 1f);
    NdArray x = f(s(3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    return eval("RNNSequence", 5, Map.of("hidden_size", "1", "direction", direction, "activations", "relu"),
        x, h0, NdArray.i64(s(3), lens), f(s(dirs, 1, 1), ones), f(s(dirs, 1, 1), ones), f(s(dirs, 1), new float[dirs]));
  }

  @Test
  void forwardSequenceMasksStepsBeyondEachLength() {
    List<NdArray> out = runningSum("forward", f(s(3, 1, 1), 0, 0, 10), 2, 3, 0);
    assertArrayEquals(s(3, 1, 3, 1), out.get(0).shape());
    assertArrayEquals(new float[] {1, 3, 0, 4, 9, 15, 0, 0, 0}, out.get(0).floats());
    // final states at the last valid step; a zero length gives a zero state, not the initial one
    assertArrayEquals(new float[] {3, 15, 0}, out.get(1).floats());
  }

  @Test
  void reverseSequenceRunsEachValidPrefixBackwards() {
    List<NdArray> out = runningSum("reverse", f(s(3, 1, 1), 0, 0, 0), 2, 3, 1);
    // row 0 (len 2): x1 = 2 then x0 -> 1 + 2 ; row 1: 6, 11, 15 ; row 2 (len 1): 7
    assertArrayEquals(new float[] {3, 2, 0, 15, 11, 6, 7, 0, 0}, out.get(0).floats());
    assertArrayEquals(new float[] {3, 15, 7}, out.get(1).floats());
  }

  @Test
  void bidirectionalStacksForwardThenReverse() {
    List<NdArray> out = runningSum("bidirectional", f(s(3, 2, 1), 0, 0, 0, 0, 0, 0), 3, 1, 2);
    assertArrayEquals(s(3, 2, 3, 1), out.get(0).shape());
    assertArrayEquals(new float[] {1, 3, 6, 6, 5, 3, 4, 0, 0, 4, 0, 0, 7, 15, 0, 15, 8, 0}, out.get(0).floats());
    assertArrayEquals(s(3, 2, 1), out.get(1).shape());
    assertArrayEquals(new float[] {6, 6, 4, 4, 15, 15}, out.get(1).floats());
  }

  @Test
  void lengthAboveStepsCountsAsAllSteps() {
    List<NdArray> out = runningSum("forward", f(s(3, 1, 1), 0, 0, 0), 5, 3, 1);
    assertArrayEquals(new float[] {1, 3, 6, 4, 9, 15, 7, 0, 0}, out.get(0).floats());
    assertArrayEquals(new float[] {6, 15, 7}, out.get(1).floats());
  }

  @Test
  void f16SequenceRoundsStatesToF16() {
    NdArray x = NdArray.f16(s(1, 1, 1), 0.1f);
    List<NdArray> out = eval("RNNSequence", 5, Map.of("hidden_size", "1", "direction", "forward"), x,
        NdArray.f16(s(1, 1, 1), 0f), NdArray.i32(s(1), 1), NdArray.f16(s(1, 1, 1), 1f),
        NdArray.f16(s(1, 1, 1), 0f), NdArray.f16(s(1, 1), 0f));
    assertEquals(dev.jvino.ir.ElementType.F16, out.get(0).type());
    float expected = dev.jvino.engine.tensor.Values.roundF16((float) Math.tanh(x.getDouble(0)));
    assertEquals(expected, out.get(0).floats()[0]);
    assertEquals(expected, out.get(1).floats()[0]);
  }

  @Test
  void opsetLookupFindsTheVersionEachOpsetContains() {
    assertTrue(KernelRegistry.forOpset("LSTMCell", 1).isPresent());
    assertTrue(KernelRegistry.forOpset("LSTMCell", 4).isPresent());
    assertTrue(KernelRegistry.forOpset("RNNCell", 3).isPresent());
    assertFalse(KernelRegistry.forOpset("GRUCell", 1).isPresent());
    assertFalse(KernelRegistry.forOpset("GRUSequence", 4).isPresent());
    assertEquals(List.of(0, 5), KernelRegistry.supported().get("LSTMSequence"));
    assertEquals(List.of(0, 4), KernelRegistry.supported().get("LSTMCell"));
  }
}
