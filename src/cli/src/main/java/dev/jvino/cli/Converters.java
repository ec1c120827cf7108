package dev.jvino.cli;

import dev.jvino.nncf.BackupMode;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.GroupSizeFallbackMode;
import picocli.CommandLine.ITypeConverter;

/** picocli converters that accept NNCF's string values ({@code int4_sym}) and list the valid ones on error. */
final class Converters {
  private Converters() {}

  static final class Mode implements ITypeConverter<CompressWeightsMode> {
    @Override
    public CompressWeightsMode convert(String value) {
      return CompressWeightsMode.fromValue(value);
    }
  }

  static final class Backup implements ITypeConverter<BackupMode> {
    @Override
    public BackupMode convert(String value) {
      return BackupMode.fromValue(value);
    }
  }

  static final class Fallback implements ITypeConverter<GroupSizeFallbackMode> {
    @Override
    public GroupSizeFallbackMode convert(String value) {
      return GroupSizeFallbackMode.fromValue(value);
    }
  }

  /** A codebook element type by its IR name (f32, f16, bf16, f8e4m3, i8, u8, ...). */
  static final class CodebookType implements ITypeConverter<dev.jvino.ir.ElementType> {
    @Override
    public dev.jvino.ir.ElementType convert(String value) {
      return dev.jvino.ir.ElementType.fromIrName(value.strip().toLowerCase(java.util.Locale.ROOT))
          .orElseThrow(() -> new IllegalArgumentException("unknown element type '" + value
              + "'; use f32, f16, bf16, f8e4m3 or an integer type such as i8 or u8"));
    }
  }

  static final class Metric implements ITypeConverter<dev.jvino.nncf.SensitivityMetric> {
    @Override
    public dev.jvino.nncf.SensitivityMetric convert(String value) {
      return dev.jvino.nncf.SensitivityMetric.fromValue(value);
    }
  }
}
