package dev.jvino.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.testing.SharedFiles;
import dev.jvino.openvino.CompiledModel;
import dev.jvino.openvino.Core;
import dev.jvino.openvino.InferRequest;
import dev.jvino.openvino.Shape;
import dev.jvino.openvino.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Where an OpenVINO runtime is installed (tag {@code native}; skipped elsewhere): OpenVINO reads the
 * ONNX file itself (its ONNX frontend) and runs it on CPU; jvino converts the same file and runs the IR
 * on the reference engine; the outputs agree within 1e-4 + 1e-3 * |openvino|.
 */
@Tag("native")
@EnabledIf("dev.jvino.openvino.OpenVino#isAvailable")
class OpenVinoOnnxFrontendTest {
  private static final List<String> MODELS = List.of("pytorch-converted/test_Conv2d_groups",
      "pytorch-converted/test_BatchNorm2d_eval", "pytorch-converted/test_PixelShuffle",
      "pytorch-converted/test_log_softmax_dim3", "pytorch-converted/test_MaxPool2d_stride_padding_dilation",
      "pytorch-operator/test_operator_addmm", "pytorch-operator/test_operator_pad",
      "pytorch-converted/test_ConvTranspose2d");

  @Test
  void convertedIrAgreesWithOpenVinosOwnOnnxReading() throws Exception {
    try (Core core = Core.create()) {
      for (String name : MODELS) {
        Path dir = SharedFiles.file("onnx-backend-data/" + name);
        Path onnx = dir.resolve("model.onnx");
        List<NdArray> inputs = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("test_data_set_0/input_" + i + ".pb")); i++) {
          inputs.add(OnnxTensors.read(dir.resolve("test_data_set_0/input_" + i + ".pb")));
        }
        Model converted = Convert.onnxToIr(onnx, ConvertOptions.DEFAULT);
        NdArray ours = new ReferenceEngine().compile(converted).createSession().infer(inputs).get(0);
        try (dev.jvino.openvino.Model ov = core.readModel(onnx);
            CompiledModel compiled = core.compileModel(ov, "CPU");
            InferRequest request = compiled.createInferRequest()) {
          List<Tensor> tensors = new ArrayList<>();
          for (int i = 0; i < inputs.size(); i++) {
            Tensor t = Tensor.of(Shape.of(inputs.get(i).shape()), inputs.get(i).toFloatArray());
            tensors.add(t);
            request.setInputTensor(i, t);
          }
          request.infer();
          try (Tensor out = request.getOutputTensor(0)) {
            FloatBuffer fb = out.asFloatBuffer();
            float[] want = new float[fb.remaining()];
            fb.get(want);
            float[] got = ours.toFloatArray();
            assertArrayEquals(new long[] {want.length}, new long[] {got.length}, name);
            for (int i = 0; i < want.length; i++) {
              assertTrue(Math.abs(got[i] - want[i]) <= 1e-4 + 1e-3 * Math.abs(want[i]),
                  name + "[" + i + "]: jvino " + got[i] + ", OpenVINO " + want[i]);
            }
          }
          tensors.forEach(Tensor::close);
        }
      }
    }
  }
}
