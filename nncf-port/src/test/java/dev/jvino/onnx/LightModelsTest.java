package dev.jvino.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX's light models (real architectures whose weights are {@code ConstantOfShape} nodes): converted,
 * run on the reference engine with the input ONNX's test runner generates ({@code arange(n)/n} in the
 * input's shape, dynamic dimensions set to 1), and compared with the expected output within the
 * backend tolerance. VGG-19 is left out only because it takes ~20 s on the reference engine.
 *
 * <p>With constant weights every class ends with the same logit, so the expected softmax is close to
 * uniform: these runs check the conversion of the whole architecture (every op maps, shapes line up,
 * the output has the expected shape and values), not the discrimination of the network.
 */
class LightModelsTest {
  @ParameterizedTest
  @ValueSource(strings = {"light_squeezenet", "light_inception_v1", "light_bvlc_alexnet", "light_resnet50",
      "light_zfnet512"})
  void lightModelMatchesTheReferenceEvaluator(String name) throws Exception {
    Path dir = SharedFiles.file("onnx-backend-data/light");
    Model m = Convert.onnxToIr(dir.resolve(name + ".onnx"), ConvertOptions.DEFAULT);
    Output in = m.inputs().get(0);
    PartialShape ps = in.shape();
    long[] shape = new long[ps.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = ps.get(i).isStatic() ? ps.get(i).length() : 1;
    }
    int n = (int) PartialShape.elementCount(shape);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) i / n;
    }
    // constant weights drive the logits to ~1e10 (squeezenet: 9.48e9), where every class ties; only
    // products summed in one order for every output keep the tie exact (OpenBLAS's blocked sums differ by
    // a few ulps between outputs, which the softmax of such logits turns into 0 and 1)
    NdArray y = ReferenceEngine.reproducible().compile(m).createSession()
        .infer(List.of(NdArray.ofFloats(ElementType.F32, shape, v))).get(0);
    NdArray want = OnnxTensors.read(dir.resolve(name + "_output_0.pb"));
    assertArrayEquals(want.shape(), y.shape());
    double[] w = want.toDoubleArray();
    double[] g = y.toDoubleArray();
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      assertTrue(Math.abs(g[i] - w[i]) <= BackendDataCoverageTest.ATOL + BackendDataCoverageTest.RTOL * Math.abs(w[i]),
          name + " output[" + i + "] = " + g[i] + ", expected " + w[i]);
      sum += g[i];
    }
    assertEquals(1.0, sum, 1e-3, "softmax output sums to 1");
  }
}
