package dev.jvino.bench;

import dev.jvino.ir.io.IrWriter;
import dev.jvino.openvino.CompiledModel;
import dev.jvino.openvino.Core;
import dev.jvino.openvino.ElementType;
import dev.jvino.openvino.InferRequest;
import dev.jvino.openvino.Model;
import dev.jvino.openvino.Properties;
import dev.jvino.openvino.Props;
import dev.jvino.openvino.Shape;
import dev.jvino.openvino.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of jvino's OpenVINO bindings, on a tiny model (x[1, 64] -> MatMul 64x64 -> Add -> Relu) on CPU:
 * <ul>
 *   <li>{@link #infer}: one {@code InferRequest.infer()} from Java, beside {@link #inferProfiled}, the same
 *       call on a model compiled with {@code ENABLE_PROFILING}, which also reads
 *       {@code InferRequest.profilingInfo()} and counts the real time OpenVINO reports for the executed
 *       nodes ({@code profiledNanos / inferences} = OpenVINO's own time per inference; what {@link #infer}
 *       takes beyond it is the call's overhead from Java plus OpenVINO's own request handling);</li>
 *   <li>{@link #tensorAllocateHost} (a 256 KiB f32 tensor over fresh host memory, then closed) beside
 *       {@link #arenaAllocate}, the same allocation as a plain {@link MemorySegment};
 *       {@link #tensorDataSum} (zero-copy read of a tensor's data through {@code Tensor.data()}) beside
 *       {@link #segmentSum} over a plain segment of the same size;</li>
 *   <li>{@link #asyncRound}: {@code nireq} requests started with {@code startAsync()} and joined
 *       (inferences per second = nireq x 1e6 / the score in us per round).</li>
 * </ul>
 * Needs an OpenVINO runtime. Where none can be loaded, every benchmark of this suite fails in its setup
 * with one line saying it was skipped and why (the runtime locator's message), and JMH runs the other
 * suites; it reports no numbers for it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class BindingsBench {
  private static final int TENSOR_FLOATS = 64 * 1024;

  /** The tiny model compiled twice (plain and with profiling) and one request on each. */
  @State(Scope.Benchmark)
  public static class Runtime {
    Core core;
    IrWriter.Serialized ir;
    Tensor weights;
    Model model;
    CompiledModel plain;
    CompiledModel profiled;
    InferRequest request;
    InferRequest profiledRequest;
    Tensor input;

    @Setup(Level.Trial)
    public void setUp() {
      BindingsRuntime.require();
      core = Core.create();
      ir = IrWriter.serialize(BindingsRuntime.tinyModel(), IrWriter.Options.DEFAULT.withRecordWeights(false));
      weights = Tensor.wrap(ElementType.U8, Shape.of(ir.weights().byteSize()), ir.weights());
      model = core.readModel(ir.xml(), weights);
      plain = core.compileModel(model, "CPU");
      profiled = core.compileModel(model, "CPU", Properties.of().set(Props.ENABLE_PROFILING, true));
      float[] x = new float[BindingsRuntime.WIDTH];
      for (int i = 0; i < x.length; i++) {
        x[i] = (i % 7) - 3;
      }
      input = Tensor.of(Shape.of(1, BindingsRuntime.WIDTH), x);
      request = plain.createInferRequest();
      request.setInputTensor(input);
      profiledRequest = profiled.createInferRequest();
      profiledRequest.setInputTensor(input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      for (AutoCloseable c : new AutoCloseable[] {profiledRequest, request, input, profiled, plain, model, weights,
          core}) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (Exception e) {
          throw new IllegalStateException("closing " + c + " failed", e);
        }
      }
    }
  }

  /** OpenVINO's reported time, summed over the measured calls of {@link #inferProfiled}. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Profiled {
    /** The real time OpenVINO's profiling reports for the executed nodes, summed. */
    public long profiledNanos;
    /** The number of inferences those nanoseconds were summed over. */
    public long inferences;

    @Setup(Level.Iteration)
    public void reset() {
      profiledNanos = 0;
      inferences = 0;
    }
  }

  /** Memory for the tensor and segment benchmarks. */
  @State(Scope.Benchmark)
  public static class Memory {
    Tensor tensor;
    Arena arena;
    MemorySegment segment;

    @Setup(Level.Trial)
    public void setUp() {
      BindingsRuntime.require();
      tensor = Tensor.allocateHost(ElementType.F32, Shape.of(1, TENSOR_FLOATS));
      arena = Arena.ofShared();
      segment = arena.allocate(4L * TENSOR_FLOATS, 64);
      MemorySegment t = tensor.data();
      for (int i = 0; i < TENSOR_FLOATS; i++) {
        t.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f);
        segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (tensor != null) {
        tensor.close();
      }
      if (arena != null) {
        arena.close();
      }
    }
  }

  /** {@code nireq} requests on the plain compiled model. */
  @State(Scope.Benchmark)
  public static class Async {
    @Param({"1", "2", "4"})
    public int nireq;

    List<InferRequest> requests;

    @Setup(Level.Trial)
    public void setUp(Runtime rt) {
      requests = new ArrayList<>();
      for (int i = 0; i < nireq; i++) {
        InferRequest r = rt.plain.createInferRequest();
        r.setInputTensor(rt.input);
        requests.add(r);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (requests != null) {
        requests.forEach(InferRequest::close);
      }
    }
  }

  @Benchmark
  public void infer(Runtime rt) {
    rt.request.infer();
  }

  @Benchmark
  public void inferProfiled(Runtime rt, Profiled counters) {
    rt.profiledRequest.infer();
    counters.profiledNanos += BindingsRuntime.executedNanos(rt.profiledRequest.profilingInfo());
    counters.inferences++;
  }

  @Benchmark
  public Tensor tensorAllocateHost(Memory m) {
    Tensor t = Tensor.allocateHost(ElementType.F32, Shape.of(1, TENSOR_FLOATS));
    t.close();
    return t;
  }

  @Benchmark
  public MemorySegment arenaAllocate(Memory m) {
    try (Arena a = Arena.ofShared()) {
      return a.allocate(4L * TENSOR_FLOATS, 64);
    }
  }

  @Benchmark
  public float tensorDataSum(Memory m) {
    return sum(m.tensor.data());
  }

  @Benchmark
  public float segmentSum(Memory m) {
    return sum(m.segment);
  }

  private static float sum(MemorySegment s) {
    float total = 0;
    long n = s.byteSize() / 4;
    for (long i = 0; i < n; i++) {
      total += s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
    }
    return total;
  }

  /** Starts every request, then waits for all of them. */
  @Benchmark
  public void asyncRound(Async a) {
    CompletableFuture<?>[] running = new CompletableFuture<?>[a.requests.size()];
    for (int i = 0; i < running.length; i++) {
      running[i] = a.requests.get(i).startAsync();
    }
    CompletableFuture.allOf(running).join();
  }
}
