package dev.jvino.nncf.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_find_groups_of_quantizers_to_rank} "simple_graph" (a residual block), rebuilt as an IR
 * with NNCF's node names (the quantize-agnostic max_pool2d is a Transpose here, also quantize-agnostic).
 */
class QuantizerGroupsTest {
  private static Output c(String name, float v) {
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, new long[] {1, 1, 1, 1}, v)).output();
  }

  private static Output fq(String name, Output x) {
    Node f = Ops.fakeQuantize(x, c(name + "/il", -1), c(name + "/ih", 1), c(name + "/ol", -1), c(name + "/oh", 1), 256);
    f.setName(name);
    return f.output();
  }

  private static Output conv(String name, Output x, String weight, String weightFq) {
    Node n = Ops.convolution(x, fq(weightFq, c(weight, 0.5f)), new long[] {1, 1}, new long[] {0, 0},
        new long[] {0, 0}, new long[] {1, 1});
    n.setName(name);
    return n.output();
  }

  private static Output named(Node n, String name) {
    n.setName(name);
    return n.output();
  }

  @Test
  void nncfsSimpleGraph() {
    Node p = Ops.parameter("parameter_0", ElementType.F32, PartialShape.of(1, 1, 4, 4));
    Output conv127 = conv("conv2d_127", fq("fake_quantize_134", p.output()), "constant_133", "fake_quantize_128");
    Output relu124 = named(Ops.relu(named(Ops.add(conv127, c("constant_126", 0.1f)), "add_125")), "relu_124");
    Output fq119 = fq("fake_quantize_119", relu124);
    Output pool118 = named(Ops.transpose(fq119, new long[] {0, 1, 2, 3}), "max_pool2d_118");
    Output conv161 = conv("conv2d_161", pool118, "constant_167", "fake_quantize_162");
    Output relu158 = named(Ops.relu(named(Ops.add(conv161, c("constant_160", 0.1f)), "add_159")), "relu_158");
    Output conv146 = conv("conv2d_146", fq("fake_quantize_153", relu158), "constant_152", "fake_quantize_147");
    Output add144 = named(Ops.add(conv146, c("constant_145", 0.1f)), "add_144");
    Output add117 = named(Ops.add(fq("fake_quantize_139", add144), pool118), "add_117");
    Output relu116 = named(Ops.relu(add117), "relu_116");
    Model m = new Model("simple_graph", List.of(p), List.of(Ops.result(relu116)));

    List<QuantizerGroups.Group> groups = QuantizerGroups.find(m);
    assertEquals(3, groups.size());
    assertEquals(List.of("fake_quantize_119", "fake_quantize_139", "fake_quantize_162"), sorted(groups.get(0).quantizers()));
    assertEquals(List.of("add_117", "conv2d_161"), sorted(groups.get(0).operations()));
    assertEquals(List.of("fake_quantize_147", "fake_quantize_153"), sorted(groups.get(1).quantizers()));
    assertEquals(List.of("conv2d_146"), groups.get(1).operations());
    assertEquals(List.of("fake_quantize_128", "fake_quantize_134"), sorted(groups.get(2).quantizers()));
    assertEquals(List.of("conv2d_127"), groups.get(2).operations());
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }
}
