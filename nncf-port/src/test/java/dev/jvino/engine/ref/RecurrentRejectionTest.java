package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad attributes and inputs of the recurrent kernels raise typed errors naming the op and the culprit. */
class RecurrentRejectionTest {
  private static final long[] X = {2, 3, 4};

  /** A valid LSTMSequence-5 (batch 2, 3 steps, input 4, hidden 2, forward) with one input replaced. */
  private static List<NdArray> lstmInputs(int replace, NdArray with) {
    List<NdArray> in = new ArrayList<>(List.of(NdArray.zeros(dev.jvino.ir.ElementType.F32, X),
        zeros(2, 1, 2), zeros(2, 1, 2), NdArray.i64(new long[] {2}, 3, 1), zeros(1, 8, 4), zeros(1, 8, 2),
        zeros(1, 8)));
    if (replace >= 0) {
      in.set(replace, with);
    }
    return in;
  }

  private static NdArray zeros(long... shape) {
    return NdArray.zeros(dev.jvino.ir.ElementType.F32, shape);
  }

  private static Map<String, String> attrs(String... kv) {
    Map<String, String> m = new HashMap<>(Map.of("hidden_size", "2", "direction", "forward"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static OpAttributeException badAttr(int version, Map<String, String> attrs) {
    return assertThrows(OpAttributeException.class,
        () -> KernelRegistry.evaluate("LSTMSequence", version, lstmInputs(-1, null), attrs));
  }

  private static OpInputException badInput(int port, NdArray with) {
    return assertThrows(OpInputException.class,
        () -> KernelRegistry.evaluate("LSTMSequence", 5, lstmInputs(port, with), attrs()));
  }

  @Test
  void validInputsRun() {
    List<NdArray> out = KernelRegistry.evaluate("LSTMSequence", 5, lstmInputs(-1, null), attrs());
    assertEquals(3, out.size());
    // zero weights: c = 0.5 * c + 0.5 * tanh(0) = 0 and h = 0.5 * tanh(0) = 0
    assertEquals(0.0, out.get(1).getDouble(0));
  }

  @Test
  void badAttributesNameTheAttribute() {
    OpAttributeException e = badAttr(5, attrs("activations", "sigmoid,elu,tanh"));
    assertEquals("activations", e.attribute());
    assertEquals("LSTMSequence-5", e.op());
    assertEquals("activations", badAttr(5, attrs("activations", "sigmoid,tanh")).attribute());
    assertEquals("direction", badAttr(5, attrs("direction", "sideways")).attribute());
    assertEquals("hidden_size", badAttr(5, attrs("hidden_size", "0")).attribute());
    assertEquals("clip", badAttr(5, attrs("clip", "lots")).attribute());
    assertEquals("activations_alpha", badAttr(5, attrs("activations_alpha", "a,b")).attribute());
    assertEquals("linear_before_reset", badAttr(5, attrs("linear_before_reset", "true")).attribute());
    OpAttributeException format = badAttr(0, attrs("weights_format", "ifco"));
    assertEquals("weights_format", format.attribute());
    assertEquals("ifco", format.value());
    Map<String, String> noHidden = attrs();
    noHidden.remove("hidden_size");
    assertEquals("hidden_size", badAttr(5, noHidden).attribute());
  }

  @Test
  void badInputsNameThePort() {
    assertEquals(1, badInput(1, zeros(2, 1, 3)).input());
    assertEquals(2, badInput(2, zeros(2, 2, 2)).input());
    assertEquals(3, badInput(3, NdArray.i64(new long[] {2}, 1, -1)).input());
    assertEquals(3, badInput(3, NdArray.f32(new long[] {2}, 1, 1)).input());
    assertEquals(3, badInput(3, NdArray.i64(new long[] {3}, 1, 1, 1)).input());
    assertEquals(4, badInput(4, zeros(1, 8, 5)).input());
    assertEquals(5, badInput(5, zeros(1, 6, 2)).input());
    assertEquals(6, badInput(6, zeros(2, 8)).input());
    assertEquals(6, badInput(6, NdArray.zeros(dev.jvino.ir.ElementType.F16, new long[] {1, 8})).input());
    assertEquals(0, badInput(0, zeros(2, 3)).input());
    OpInputException missing = assertThrows(OpInputException.class,
        () -> KernelRegistry.evaluate("LSTMSequence", 5, lstmInputs(-1, null).subList(0, 6), attrs()));
    assertEquals(6, missing.input());
    assertTrue(badInput(1, zeros(2, 1, 3)).getMessage().contains("initial_hidden_state"));
  }

  @Test
  void bidirectionalNeedsTwoDirectionsInEveryWeight() {
    OpInputException e = assertThrows(OpInputException.class, () -> KernelRegistry.evaluate("LSTMSequence", 5,
        lstmInputs(-1, null), attrs("direction", "bidirectional")));
    assertEquals(1, e.input());
  }

  @Test
  void gruWithLinearBeforeResetNeedsFourBiasBlocks() {
    List<NdArray> in = List.of(zeros(1, 2), zeros(1, 2), zeros(6, 2), zeros(6, 2), zeros(6));
    OpInputException e = assertThrows(OpInputException.class, () -> KernelRegistry.evaluate("GRUCell", 3, in,
        Map.of("hidden_size", "2", "linear_before_reset", "true")));
    assertEquals(4, e.input());
    assertEquals(1, KernelRegistry.evaluate("GRUCell", 3, in, Map.of("hidden_size", "2")).size());
  }

  @Test
  void integerDataIsUnsupported() {
    NdArray ix = NdArray.i32(new long[] {1, 1}, 1);
    assertThrows(UnsupportedOpException.class, () -> KernelRegistry.evaluate("RNNCell", 0,
        List.of(ix, ix, ix, ix), Map.of("hidden_size", "1")));
  }
}
