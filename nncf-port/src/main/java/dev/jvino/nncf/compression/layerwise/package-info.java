/**
 * NNCF's layer-wise engine for jvino models: runs a model part by part on the calibration data, so an
 * algorithm that changes a layer's weights (GPTQ) sees them in the inputs of the following layers.
 */
package dev.jvino.nncf.compression.layerwise;
