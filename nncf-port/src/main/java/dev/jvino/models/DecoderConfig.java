package dev.jvino.models;

/**
 * The shape of a synthetic LLM-shaped decoder (Llama-style: RMSNorm, rotary embeddings, grouped
 * projections, SwiGLU MLP), generated with random weights by {@link DecoderModel}.
 *
 * @param vocabSize tokens in the vocabulary (rows of the embedding and of lm_head)
 * @param hiddenSize width of the residual stream
 * @param layers decoder blocks
 * @param heads attention heads ({@code hiddenSize} must be divisible by it, head size even)
 * @param intermediateSize width of the MLP
 * @param ropeTheta base of the rotary frequencies
 * @param seed seed of the random weights: the same config gives the same model, bit for bit
 */
public record DecoderConfig(
    int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize, double ropeTheta, long seed) {

  public DecoderConfig {
    positive("vocabSize", vocabSize);
    positive("hiddenSize", hiddenSize);
    positive("layers", layers);
    positive("heads", heads);
    positive("intermediateSize", intermediateSize);
    if (hiddenSize % heads != 0 || (hiddenSize / heads) % 2 != 0) {
      throw new IllegalArgumentException("hiddenSize " + hiddenSize + " must split into " + heads
          + " heads of an even size");
    }
    if (!(ropeTheta > 1)) {
      throw new IllegalArgumentException("ropeTheta must be > 1, got " + ropeTheta);
    }
  }

  /** The demo's model: about 1.8M parameters, quick on the reference engine. */
  public static DecoderConfig demo() {
    return new DecoderConfig(1024, 256, 2, 4, 512, 10000.0, 42);
  }

  public int headSize() {
    return hiddenSize / heads;
  }

  /** Parameters in all weights (embedding, projections, norms, lm_head). */
  public long parameterCount() {
    long perLayer = 4L * hiddenSize * hiddenSize + 3L * hiddenSize * intermediateSize + 2L * hiddenSize;
    return 2L * vocabSize * hiddenSize + layers * perLayer + hiddenSize;
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }
}
