/** The {@code jvino} command-line tool. */
module dev.jvino.cli {
  requires static org.jspecify;
  requires info.picocli;
  requires java.logging;
  requires java.desktop;
  requires dev.jvino.ffm;
  requires dev.jvino.openvino;
  requires dev.jvino.nncf;
  requires me.tongfei.progressbar;

  opens dev.jvino.cli to info.picocli;
}
