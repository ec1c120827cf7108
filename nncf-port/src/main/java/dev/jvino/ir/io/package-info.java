/**
 * OpenVINO IR v10/v11 files: {@link dev.jvino.ir.io.IrReader} (hardened StAX parser, memory-mapped
 * lazy weights, typed errors naming file, line and layer) and {@link dev.jvino.ir.io.IrWriter}
 * (OpenVINO's 2024 or 2026 layout, optional FP16 compression, atomic replacement of the file pair,
 * in-memory serialization for handing a model to OpenVINO).
 */
package dev.jvino.ir.io;
