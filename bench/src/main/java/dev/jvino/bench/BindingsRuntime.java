package dev.jvino.bench;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.openvino.OpenVino;
import dev.jvino.openvino.ProfilingInfo;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What {@link BindingsBench} needs besides the runtime calls: the check that stops it where no
 * OpenVINO runtime exists, the tiny model it runs, and the sum of OpenVINO's per-node times.
 */
final class BindingsRuntime {
  private BindingsRuntime() {}

  /** Width of the tiny model: x[1, WIDTH] through one WIDTH x WIDTH MatMul, an Add and a Relu. */
  static final int WIDTH = 64;

  /**
   * Thrown by the suite's setup where OpenVINO cannot be loaded: JMH prints it as that benchmark's
   * failure (this one line, no stack trace) and goes on with the other suites, so no numbers are made
   * up for a runtime that is not there.
   */
  static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String reason) {
      super("BindingsBench skipped: it needs an OpenVINO runtime and none could be loaded: " + reason, null,
          false, false);
    }
  }

  /** Returns normally when the process has loaded an OpenVINO runtime. */
  static void require() {
    require(OpenVino.isAvailable(), OpenVino.unavailableReason());
  }

  static void require(boolean available, String reason) {
    if (!available) {
      throw new Skipped(reason);
    }
  }

  /** x[1, 64] f32 -> MatMul with a 64x64 weight -> Add a bias -> Relu: a model whose run is mostly overhead. */
  static Model tinyModel() {
    SplittableRandom r = new SplittableRandom(4);
    float[] w = new float[WIDTH * WIDTH];
    float[] b = new float[WIDTH];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, WIDTH));
    Output weight = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {WIDTH, WIDTH}, w)).output();
    Output bias = Ops.constant("b", ConstantData.ofFloats(ElementType.F32, new long[] {WIDTH}, b)).output();
    Output h = Ops.add(Ops.matMul(x.output(), weight, false, true).output(), bias).output();
    Output y = Ops.unary("Relu", h).output();
    y.names().add("y");
    return new Model("bindings_bench_tiny", List.of(x), List.of(Ops.result(y)));
  }

  /** The sum of the real (wall) time OpenVINO reports for the nodes that executed, in nanoseconds. */
  static long executedNanos(List<ProfilingInfo> counters) {
    long sum = 0;
    for (ProfilingInfo p : counters) {
      if (p.status() == ProfilingInfo.Status.EXECUTED) {
        sum += p.realTime().toNanos();
      }
    }
    return sum;
  }
}
