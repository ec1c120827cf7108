/**
 * The port of NNCF's post-training quantization ({@code nncf.quantize}): where quantizers go
 * ({@link dev.jvino.nncf.quantization.QuantizerSetup}), the statistics and range estimators that size
 * them, and the graph edits that insert them.
 */
package dev.jvino.nncf.quantization;
