package dev.jvino.ffm.loader;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs only where a real OpenVINO runtime is installed. */
@RequiresOpenVino
class SystemRuntimeTest {
  @Test
  void theSystemRuntimeExportsTheCApi() {
    OpenVinoLibrary library = OpenVinoLibrary.require();
    for (String symbol : new String[] {"ov_get_openvino_version", "ov_core_create", "ov_get_last_err_msg"}) {
      assertTrue(library.find(symbol).isPresent(), symbol + " missing from " + library.location().cLibrary());
    }
  }
}
