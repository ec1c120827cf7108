package dev.jvino.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.onnx.Convert;
import dev.jvino.onnx.ConvertOptions;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Samples per second of one ONNX model (ONNX's light CNNs from {@code ../shared/onnx-backend-data/light})
 * on the reference engine, after jvino's ONNX-to-IR conversion, and in ONNX Runtime from the ONNX file
 * (the runtime a Java user would otherwise pick), in the same run, with the same input
 * ({@code arange(n)/n}, batch 1). ONNX Runtime uses its default session options (all cores, all graph
 * optimizations); the reference engine is jvino's pure-Java interpreter. Locate {@code shared} with
 * {@code -Djvino.shared=<path>} when the working directory is not inside the repository.
 */
@State(Scope.Benchmark)
@Fork(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class OnnxRuntimeBench {
  @Param({"light_squeezenet", "light_inception_v1"})
  public String model;

  private InferSession session;
  private NdArray input;
  private OrtEnvironment env;
  private OrtSession ort;
  private OnnxTensor ortInput;
  private String inputName;

  @Setup
  public void setUp() throws Exception {
    Path onnx = shared().resolve("onnx-backend-data/light/" + model + ".onnx");
    Model m = Convert.onnxToIr(onnx, ConvertOptions.DEFAULT);
    inputName = m.inputs().get(0).displayName();
    long[] shape = m.inputs().get(0).shape().toLongArray();
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) i / n;
    }
    input = NdArray.ofFloats(ElementType.F32, shape, v);
    session = new ReferenceEngine().compile(m).createSession();
    env = OrtEnvironment.getEnvironment();
    ort = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
    ortInput = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
  }

  private static Path shared() {
    String prop = System.getProperty("jvino.shared");
    if (prop != null) {
      return Path.of(prop);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("shared/onnx-backend-data"))) {
        return d.resolve("shared");
      }
      if (Files.isDirectory(d.resolveSibling("shared").resolve("onnx-backend-data"))) {
        return d.resolveSibling("shared");
      }
    }
    throw new IllegalStateException("cannot find shared/onnx-backend-data; set -Djvino.shared=<path>");
  }

  @TearDown
  public void tearDown() throws OrtException {
    ortInput.close();
    ort.close();
  }

  @Benchmark
  public NdArray referenceEngine() {
    return session.infer(List.of(input)).get(0);
  }

  @Benchmark
  public float onnxRuntime() throws OrtException {
    try (OrtSession.Result r = ort.run(Map.of(inputName, ortInput))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }
}
