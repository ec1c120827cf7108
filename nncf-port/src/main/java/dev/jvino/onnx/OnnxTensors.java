package dev.jvino.onnx;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.onnx.OnnxModel.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/** ONNX {@code TensorProto} values as engine arrays (for test data and {@code .pb} inputs). */
public final class OnnxTensors {
  private OnnxTensors() {}

  /** Reads a serialized {@code TensorProto} file as an array. */
  public static NdArray read(Path pb) throws IOException {
    return toNdArray(OnnxReader.readTensor(pb), pb.toString());
  }

  /**
   * The tensor as an array of its OpenVINO element type.
   *
   * @throws UnsupportedOnnxException for types the engine's arrays do not hold (strings, complex)
   */
  public static NdArray toNdArray(Tensor t, String where) {
    ConstantData d = TensorData.toConstant(t, where);
    ElementType et = d.elementType();
    long[] shape = d.shape();
    if (et == ElementType.BOOLEAN) {
      long[] v = d.toLongArray();
      boolean[] b = new boolean[v.length];
      for (int i = 0; i < v.length; i++) {
        b[i] = v[i] != 0;
      }
      return NdArray.ofBooleans(shape, b);
    }
    if (et == ElementType.F64) {
      return NdArray.ofDoubles(shape, d.toDoubleArray());
    }
    if (et.isFloatingPoint()) {
      return NdArray.ofFloats(et, shape, d.toFloatArray());
    }
    if (et.isInteger()) {
      return NdArray.ofLongs(et, shape, d.toLongArray());
    }
    throw new UnsupportedOnnxException(where + ": tensor '" + t.name() + "' of type " + et
        + " cannot be used as an engine value");
  }
}
