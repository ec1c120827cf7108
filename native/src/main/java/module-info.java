/**
 * jvino's raw FFM layer: locating and loading the OpenVINO runtime, symbol lookup, downcall handles,
 * struct layouts and enum tables. Internal to jvino: only {@code dev.jvino.openvino} (the bindings)
 * and jvino's own tools read it.
 */
module dev.jvino.ffm {
  requires static org.jspecify;

  exports dev.jvino.ffm.loader to dev.jvino.openvino, dev.jvino.cli;
  exports dev.jvino.ffm.raw to dev.jvino.openvino;
}
