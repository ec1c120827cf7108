package dev.jvino.nncf.quantization;

import dev.jvino.nncf.statistics.TargetPoint;
import java.util.Objects;

/** A quantizer to insert at a target point (NNCF's OpenVINO insertion commands). */
public sealed interface InsertionCommand {
  /** Where the quantizer goes. */
  TargetPoint target();

  /** A FakeQuantize ({@code OVQuantizerInsertionCommand}). */
  record FakeQuantize(TargetPoint target, FakeQuantizeParameters parameters) implements InsertionCommand {
    public FakeQuantize {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(parameters, "parameters");
    }
  }

  /** A FakeConvert ({@code OVConvertInsertionCommand}). */
  record FakeConvert(TargetPoint target, FakeConvertParameters parameters) implements InsertionCommand {
    public FakeConvert {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(parameters, "parameters");
    }
  }
}
