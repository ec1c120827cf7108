package dev.jvino.onnx;

import dev.jvino.ir.Output;
import java.util.List;

/** Converts one ONNX node into OpenVINO nodes; returns one graph output per ONNX node output. */
@FunctionalInterface
interface OpMapper {
  List<Output> map(NodeContext c);
}
