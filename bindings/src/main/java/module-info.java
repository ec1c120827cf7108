/** The idiomatic Java API over the OpenVINO C API. Only {@code dev.jvino.openvino} is exported. */
module dev.jvino.openvino {
  requires static org.jspecify;
  requires dev.jvino.ffm;

  exports dev.jvino.openvino;
}
