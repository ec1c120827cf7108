package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Fixtures.Case;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexing kernels (scatters, gathers, TopK, NonZero, Einsum) against outputs computed independently
 * with numpy by tools/fixtures/gen_index_fixtures.py, run through {@link KernelRegistry} with the IR
 * attributes of each case.
 */
class IndexFixtureTest {
  private static final List<String> GROUPS = List.of("einsum", "gather_elements", "gather_nd", "nonzero",
      "scatter_elements", "scatter_nd", "scatter_update", "topk");

  record Named(String group, Case c) {
    @Override
    public String toString() {
      return group + "/" + c.name();
    }
  }

  static Stream<Named> cases() {
    return GROUPS.stream().flatMap(g -> Fixtures.cases("index/" + g).stream().map(c -> new Named(g, c)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesNumpy(Named n) {
    String group = "index/" + n.group();
    Case c = n.c();
    String[] op = c.attrs().get("op").split("-");
    Map<String, String> attrs = new LinkedHashMap<>(c.attrs());
    attrs.remove("op");
    List<NdArray> inputs = new ArrayList<>();
    for (int i = 0; Fixtures.exists(group, c.name() + "_in" + i + ".npy"); i++) {
      inputs.add(Fixtures.npy(group, c.name() + "_in" + i + ".npy"));
    }
    List<NdArray> outputs = KernelRegistry.evaluate(op[0], Integer.parseInt(op[1]), inputs, attrs);
    int j = 0;
    for (; Fixtures.exists(group, c.name() + "_out" + j + ".npy"); j++) {
      NdArray expected = Fixtures.npy(group, c.name() + "_out" + j + ".npy");
      NdArray actual = outputs.get(j);
      String what = n + " output " + j;
      if (expected.storage() == Storage.FLOAT) {
        Fixtures.assertClose(expected, actual, 1e-5, 1e-5, what);
      } else {
        // indices, integer data and booleans: exact, with the element type
        assertEquals(expected, actual, what);
      }
    }
    assertEquals(j, outputs.size(), n + ": number of outputs");
  }
}
