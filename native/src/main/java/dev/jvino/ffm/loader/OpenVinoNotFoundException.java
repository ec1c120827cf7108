package dev.jvino.ffm.loader;

import java.util.List;

/** No OpenVINO runtime was found: lists every place tried and how to point jvino at one. */
public final class OpenVinoNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One line users can act on; printed by {@code jvino info} and by the skipped native tests. */
  public static final String HOW_TO_FIX =
      "Install OpenVINO (archive, APT or pip) and point jvino at it with -Djvino.openvino.dir=DIR or"
          + " JVINO_OPENVINO_DIR=DIR (DIR holds libopenvino_c.so, or is an archive root with"
          + " runtime/lib/intel64), or source setupvars.sh so INTEL_OPENVINO_DIR is set.";

  private final transient List<Attempt> attempts;

  public OpenVinoNotFoundException(List<Attempt> attempts) {
    super(describe(attempts));
    this.attempts = List.copyOf(attempts);
  }

  /** Every place looked at, in search order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** A short form of the places tried, for one-line messages such as a skipped test's reason. */
  public String triedSummary() {
    StringBuilder sb = new StringBuilder();
    for (Attempt a : attempts) {
      if (!sb.isEmpty()) {
        sb.append("; ");
      }
      sb.append(a.source().label());
      if (!a.location().isEmpty()) {
        sb.append(' ').append(a.location());
      }
    }
    return sb.toString();
  }

  private static String describe(List<Attempt> attempts) {
    StringBuilder sb = new StringBuilder("No OpenVINO runtime found. Places tried:");
    for (Attempt a : attempts) {
      sb.append(System.lineSeparator()).append("  - ").append(a);
    }
    sb.append(System.lineSeparator()).append(HOW_TO_FIX);
    return sb.toString();
  }
}
