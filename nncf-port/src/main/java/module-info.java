/**
 * jvino's pure-Java model layer (OpenVINO IR read/edit/write), its engines, and the port of NNCF's
 * {@code compress_weights}, {@code quantize} and {@code quantize_with_accuracy_control}.
 */
module dev.jvino.nncf {
  requires static org.jspecify;
  requires static jdk.incubator.vector;
  requires java.xml;
  requires dev.jvino.openvino;
  requires io.jhdf;
  requires org.bytedeco.openblas;
  requires org.bytedeco.javacpp;
  requires com.google.protobuf;
  requires ejml.core;
  requires ejml.fdense;

  uses dev.jvino.engine.EngineProvider;
  provides dev.jvino.engine.EngineProvider with dev.jvino.engine.openvino.OpenVinoEngineProvider;

  exports dev.jvino.ir;
  exports dev.jvino.ir.io;
  exports dev.jvino.engine.tensor;
  exports dev.jvino.engine.ref;
  exports dev.jvino.nncf;
  exports dev.jvino.engine;
  exports dev.jvino.engine.openvino;
  exports dev.jvino.nncf.compression;
  exports dev.jvino.nncf.weights;
  exports dev.jvino.numeric;
  exports dev.jvino.models;
  exports dev.jvino.data;
  exports dev.jvino.nncf.statistics;
  exports dev.jvino.onnx;
  exports dev.jvino.nncf.statistics.cache;
  exports dev.jvino.nncf.quantization;
  exports dev.jvino.nncf.quantization.bias;
  exports dev.jvino.nncf.quantization.smoothquant;
  exports dev.jvino.nncf.quantization.channelalignment;
  exports dev.jvino.nncf.quantization.placement;
  exports dev.jvino.nncf.accuracy;
}
