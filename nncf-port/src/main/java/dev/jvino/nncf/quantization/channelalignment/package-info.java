/**
 * NNCF's ChannelAlignment post-training step for OpenVINO models: {@link
 * dev.jvino.nncf.quantization.channelalignment.ChannelAlignment} (pair matching, statistics, model rewrite)
 * and {@link dev.jvino.nncf.quantization.channelalignment.AlignmentMath} (the mean and scale alignment
 * formulas).
 */
package dev.jvino.nncf.quantization.channelalignment;
