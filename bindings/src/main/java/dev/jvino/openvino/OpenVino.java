package dev.jvino.openvino;

import dev.jvino.ffm.loader.OpenVinoLibrary;

/** Entry points about the OpenVINO runtime of this process. */
public final class OpenVino {
  private OpenVino() {}

  /** Whether an OpenVINO runtime was found and loaded (searched once per process). */
  public static boolean isAvailable() {
    return OpenVinoLibrary.system() instanceof OpenVinoLibrary.Loaded;
  }

  /**
   * Why no runtime is available, in one line ("no OpenVINO runtime (tried ...)"), or the empty string
   * when one is.
   */
  public static String unavailableReason() {
    return switch (OpenVinoLibrary.system()) {
      case OpenVinoLibrary.Loaded l -> "";
      case OpenVinoLibrary.Unavailable u -> u.reason();
    };
  }
}
