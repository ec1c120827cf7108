package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ref.Fixtures.Case;
import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recurrent kernel (RNN/GRU/LSTM cells and sequences, all directions, masked sequence lengths,
 * both GRU {@code linear_before_reset} values, custom activations, clip, LSTM-0 peepholes and
 * {@code input_forget}) evaluated through {@link KernelRegistry} with IR-text attributes and compared
 * with the float64 numpy recurrences of {@code tools/fixtures/gen_recurrent_fixtures.py}.
 */
class RecurrentFixtureTest {
  private static final String G = "recurrent";

  static List<Case> cases() {
    return Fixtures.cases(G);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesNumpy(Case c) {
    String[] op = c.attrs().get("op").split("-");
    Map<String, String> irAttrs = new LinkedHashMap<>(c.attrs());
    irAttrs.remove("op");
    irAttrs.remove("seq");
    int seqPort = op[0].startsWith("LSTM") ? 3 : 2;
    List<NdArray> inputs = new ArrayList<>();
    for (int k = 0; ; k++) {
      if (c.attrs().containsKey("seq") && k == seqPort) {
        long[] lens = c.longs("seq");
        inputs.add(NdArray.i32(new long[] {lens.length}, lens));
      } else if (Fixtures.exists(G, c.name() + "_in" + k + ".npy")) {
        inputs.add(Fixtures.npy(G, c.name() + "_in" + k + ".npy"));
      } else {
        break;
      }
    }
    List<NdArray> out = KernelRegistry.evaluate(op[0], Integer.parseInt(op[1]), inputs, irAttrs);
    int expectedOutputs = 0;
    while (Fixtures.exists(G, c.name() + "_out" + expectedOutputs + ".npy")) {
      expectedOutputs++;
    }
    assertEquals(expectedOutputs, out.size(), c.name() + ": output count");
    for (int k = 0; k < expectedOutputs; k++) {
      Fixtures.assertClose(Fixtures.npy(G, c.name() + "_out" + k + ".npy"), out.get(k), 2e-6, 1e-5,
          c.name() + " output " + k);
    }
  }
}
