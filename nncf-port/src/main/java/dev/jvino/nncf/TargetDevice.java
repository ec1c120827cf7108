package dev.jvino.nncf;

/**
 * NNCF's {@code TargetDevice}: the hardware whose quantization rules apply. ANY, CPU and CPU_SPR use
 * the CPU hardware configuration; CPU_SPR adds the Sapphire Rapids pass.
 */
public enum TargetDevice {
  ANY("ANY"),
  CPU("CPU"),
  GPU("GPU"),
  NPU("NPU"),
  CPU_SPR("CPU_SPR");

  private final String value;

  TargetDevice(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static TargetDevice fromValue(String value) {
    return NncfValues.parse(TargetDevice.class, TargetDevice::value, "target device", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
