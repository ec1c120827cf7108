package dev.jvino.nncf.quantization.placement;

/** How an op takes part in quantizer propagation (NNCF's {@code QuantizationTrait}). */
public enum QuantizationTrait {
  /** Its activation inputs get quantizers. */
  INPUTS_QUANTIZABLE,
  /** Stays in floating point; quantizers stop below it. */
  NON_QUANTIZABLE,
  /** Quantizers pass through it upward. */
  QUANTIZATION_AGNOSTIC,
  /** Passes quantizers upward, with one shared scale for its inputs. */
  CONCAT,
  /** Its output is its (quantized) weight, e.g. an embedding. */
  OUTPUT_QUANTIZATION_AS_WEIGHTS;

  /** NNCF's OpenVINO default trait for ops the hardware config does not decide. */
  static QuantizationTrait defaultFor(Metatype m) {
    if (Metatype.INPUTS_QUANTIZABLE.contains(m)) {
      return INPUTS_QUANTIZABLE;
    }
    if (Metatype.QUANTIZATION_AGNOSTIC.contains(m)) {
      return QUANTIZATION_AGNOSTIC;
    }
    if (m == Metatype.CONCAT) {
      return CONCAT;
    }
    if (m == Metatype.EMBEDDING) {
      return OUTPUT_QUANTIZATION_AS_WEIGHTS;
    }
    return NON_QUANTIZABLE;
  }
}
