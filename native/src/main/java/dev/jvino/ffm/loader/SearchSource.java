package dev.jvino.ffm.loader;

/**
 * The places jvino looks for an OpenVINO runtime, in the order it looks. The order follows
 * openvino-rs's finder, with jvino's own override first and the pip wheel and bytedeco jar last.
 */
public enum SearchSource {
  /** {@code -Djvino.openvino.dir=...}. */
  SYSTEM_PROPERTY("-Djvino.openvino.dir"),
  /** The {@code JVINO_OPENVINO_DIR} environment variable. */
  JVINO_OPENVINO_DIR("JVINO_OPENVINO_DIR"),
  /** {@code OPENVINO_INSTALL_DIR}: an archive install (runtime/lib/intel64). */
  OPENVINO_INSTALL_DIR("OPENVINO_INSTALL_DIR"),
  /** {@code INTEL_OPENVINO_DIR}, set by setupvars.sh: an archive install. */
  INTEL_OPENVINO_DIR("INTEL_OPENVINO_DIR"),
  /** Each directory of {@code LD_LIBRARY_PATH}. */
  LD_LIBRARY_PATH("LD_LIBRARY_PATH"),
  /** {@code /opt/intel/openvino*} archive installs, newest first. */
  OPT_INTEL("/opt/intel installs"),
  /** The APT layout: libraries in {@code /usr/lib/x86_64-linux-gnu}, plugins in {@code openvino-<version>/}. */
  SYSTEM_LIBRARY_DIR("system library directory"),
  /** A pip-installed {@code openvino} package: {@code site-packages/openvino/libs}. */
  PYTHON_WHEEL("Python openvino wheel"),
  /** An {@code org.bytedeco:openvino} platform jar on the class path, extracted with its tree intact. */
  BYTEDECO_JAR("org.bytedeco:openvino jar on the class path");

  private final String label;

  SearchSource(String label) {
    this.label = label;
  }

  /** How the source is named in messages, e.g. {@code OPENVINO_INSTALL_DIR}. */
  public String label() {
    return label;
  }
}
