package dev.jvino.nncf.quantization.channelalignment;

/**
 * Where the channels sit in a layer's weight and output (NNCF's {@code LayoutDescriptor}).
 *
 * @param weightOutChannelsDim the weight axis of output channels (the groups axis for a grouped convolution)
 * @param weightInChannelsDim the weight axis of input channels
 * @param biasChannelsDim the channel axis of the layer's output (and bias)
 */
public record LayoutDescriptor(int weightOutChannelsDim, int weightInChannelsDim, int biasChannelsDim) {}
