package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.raw.OvApi;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, compiled here so its API stays true, and run where OpenVINO is installed. */
@Tag("native")
@EnabledIfOpenVino
class ReadmeExampleTest {
  @TempDir Path dir;

  /** The body is the README's example, line for line. */
  static float[] example(Path modelXml) {
    try (Core core = Core.create();
        Model model = core.readModel(modelXml);
        CompiledModel compiled = core.compileModel(model, "CPU");
        InferRequest request = compiled.createInferRequest();
        Tensor input = Tensor.of(Shape.of(1, 4), 1f, 2f, -3f, 0.5f)) {
      request.setInputTensor(input);
      request.infer();
      return TensorData.toFloatArray(request.getOutputTensor());
    }
  }

  @Test
  void theReadmeExampleRuns() throws Exception {
    Native.install(OvApi.of(OpenVinoLibrary.require()));
    assertArrayEquals(TinyIr.expected(new float[] {1f, 2f, -3f, 0.5f}), example(TinyIr.write(dir, false)), 1e-5f);
  }
}
