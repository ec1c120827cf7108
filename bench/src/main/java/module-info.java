/** jvino's JMH suites. Run with {@code mvn -pl bench jmh:run -Djmh.args="..."}. */
module dev.jvino.bench {
  requires jmh.core;
  requires java.xml;
  requires dev.jvino.nncf;
  requires dev.jvino.openvino;
  requires org.bytedeco.openblas;
  requires org.bytedeco.javacpp;
  requires com.microsoft.onnxruntime;

  exports dev.jvino.bench;
}
