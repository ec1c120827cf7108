/**
 * jvino's pure-Java model layer (OpenVINO IR read/edit/write), its engines, and the port of NNCF's
 * {@code compress_weights}, {@code quantize} and {@code quantize_with_accuracy_control}.
 */
module dev.jvino.nncf {
  requires static org.jspecify;
  requires java.xml;

  uses dev.jvino.engine.EngineProvider;

  exports dev.jvino.ir;
  exports dev.jvino.engine;
  exports dev.jvino.engine.tensor;
  exports dev.jvino.engine.ref;
  exports dev.jvino.nncf;
  exports dev.jvino.nncf.statistics;
  exports dev.jvino.nncf.weights;
  exports dev.jvino.numeric;
  exports dev.jvino.ir.io;
}
