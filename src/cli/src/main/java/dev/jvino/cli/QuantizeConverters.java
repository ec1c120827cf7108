package dev.jvino.cli;

import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.TargetDevice;
import picocli.CommandLine.ITypeConverter;

/** picocli converters for {@code jvino quantize}: NNCF's string values (case-insensitive). */
final class QuantizeConverters {
  private QuantizeConverters() {}

  static final class Preset implements ITypeConverter<QuantizationPreset> {
    @Override
    public QuantizationPreset convert(String value) {
      return QuantizationPreset.fromValue(value);
    }
  }

  static final class Device implements ITypeConverter<TargetDevice> {
    @Override
    public TargetDevice convert(String value) {
      return TargetDevice.fromValue(value);
    }
  }

  static final class Type implements ITypeConverter<ModelType> {
    @Override
    public ModelType convert(String value) {
      return ModelType.fromValue(value);
    }
  }

  static final class Overflow implements ITypeConverter<OverflowFix> {
    @Override
    public OverflowFix convert(String value) {
      return OverflowFix.fromValue(value);
    }
  }

  /** {@code e4m3} / {@code e5m2} (or NNCF's full {@code fp8_e4m3} / {@code fp8_e5m2}). */
  static final class Fp8 implements ITypeConverter<QuantizationMode> {
    @Override
    public QuantizationMode convert(String value) {
      String v = value.strip().toLowerCase(java.util.Locale.ROOT);
      return QuantizationMode.fromValue(v.startsWith("fp8_") ? v : "fp8_" + v);
    }
  }
}
