/**
 * ONNX to OpenVINO IR conversion in pure Java.
 *
 * <p>{@link dev.jvino.onnx.OnnxReader} decodes ONNX files with protobuf-java's wire reader by the field
 * numbers of the ONNX specification (external data included) into {@link dev.jvino.onnx.OnnxModel}.
 * {@link dev.jvino.onnx.OnnxConverter} maps the graph to jvino's {@link dev.jvino.ir.Model} the way
 * OpenVINO's ONNX frontend maps each operator ({@link dev.jvino.onnx.OnnxOpTable#supported()} lists
 * them); {@link dev.jvino.onnx.Convert#onnxToIr} also writes the IR ({@code ov.save_model}'s optional
 * f16 compression included) with the conversion parameters in rt_info, as {@code ovc} records them.
 * Unsupported operators and types raise {@link dev.jvino.onnx.UnsupportedOnnxException}; undecodable
 * files {@link dev.jvino.onnx.OnnxFormatException}. {@link dev.jvino.onnx.OnnxTensors} reads ONNX
 * {@code TensorProto} files as engine arrays.
 */
package dev.jvino.onnx;
