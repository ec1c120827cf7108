package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantizerSetupTest {
  private static final QuantizerConfig WEIGHTS = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, true, true);
  private static final QuantizerConfig ACTIVATIONS =
      new QuantizerConfig(8, QuantizationScheme.ASYMMETRIC, null, false, false);

  @Test
  void namesFollowNncfInsertionNaming() {
    assertEquals("Conv/fq_weights_1", QuantizationPoint.fakeQuantizeName(TargetPoint.weights("Conv", 1)));
    assertEquals("MatMul/fq_input_0", QuantizationPoint.fakeQuantizeName(TargetPoint.preLayer("MatMul", 0)));
    assertEquals("Input/fq_output_0", QuantizationPoint.fakeQuantizeName(TargetPoint.postLayer("Input", 0)));
  }

  @Test
  void levelsAreNarrowForWeights() {
    assertEquals(255, WEIGHTS.levels());
    assertEquals(256, ACTIVATIONS.levels());
    assertEquals(15, new QuantizerConfig(4, QuantizationScheme.SYMMETRIC, null, true, true).levels());
  }

  @Test
  void setupRejectsDuplicatesAndForeignGroupMembers() {
    TargetPoint a = TargetPoint.postLayer("A", 0);
    TargetPoint b = TargetPoint.postLayer("B", 0);
    QuantizationPoint pa = new QuantizationPoint(a, ACTIVATIONS, false);
    var dup = assertThrows(IllegalArgumentException.class, () -> new QuantizerSetup(List.of(pa, pa), List.of()));
    assertEquals("two quantizers at A/fq_output_0", dup.getMessage());
    var foreign = assertThrows(IllegalArgumentException.class,
        () -> new QuantizerSetup(List.of(pa), List.of(List.of(a, b))));
    assertEquals("unified-scale group names B/fq_output_0, which is not a quantizer of the setup", foreign.getMessage());
    QuantizerSetup ok = new QuantizerSetup(List.of(pa, new QuantizationPoint(b, ACTIVATIONS, false)), List.of(List.of(a, b)));
    assertEquals(List.of("A/fq_output_0", "B/fq_output_0"), ok.fakeQuantizeNames());
  }

  @Test
  void enumsParseNncfValues() {
    assertEquals(QuantizationPreset.MIXED, QuantizationPreset.fromValue("mixed"));
    assertEquals(TargetDevice.CPU_SPR, TargetDevice.fromValue("cpu_spr"));
    assertEquals(ModelType.TRANSFORMER, ModelType.fromValue("transformer"));
    assertEquals(OverflowFix.FIRST_LAYER, OverflowFix.fromValue("first_layer_only"));
    assertEquals("first_layer_only", OverflowFix.FIRST_LAYER.toString());
    assertEquals(dev.jvino.nncf.QuantizationMode.FP8_E5M2, dev.jvino.nncf.QuantizationMode.fromValue("fp8_e5m2"));
    assertThrows(IllegalArgumentException.class, () -> QuantizationPreset.fromValue("fast"));
  }
}
