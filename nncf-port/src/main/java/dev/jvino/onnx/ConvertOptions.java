package dev.jvino.onnx;

import dev.jvino.ir.PartialShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversion options, as {@code ovc}'s: f16 compression of float constants when the IR is written
 * ({@code --compress_to_fp16}), input shapes that replace the model's ({@code --input name[shape]}),
 * and the tensors to keep as outputs ({@code --output}; empty keeps the graph's outputs).
 *
 * @param compressToFp16 store f32 constants as f16 with a Convert, as {@code ov.save_model} does
 * @param inputShapes new shapes by input name
 * @param outputs output tensor names (empty: the graph's outputs)
 */
public record ConvertOptions(boolean compressToFp16, Map<String, PartialShape> inputShapes,
    List<String> outputs) {
  /** No compression, the model's own shapes and outputs. */
  public static final ConvertOptions DEFAULT = new ConvertOptions(false, Map.of(), List.of());

  public ConvertOptions {
    inputShapes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputShapes));
    outputs = List.copyOf(outputs);
    for (String o : outputs) {
      if (o.isBlank()) {
        throw new IllegalArgumentException("an output name must not be blank");
      }
    }
  }

  public ConvertOptions withCompressToFp16(boolean b) {
    return new ConvertOptions(b, inputShapes, outputs);
  }

  public ConvertOptions withInputShape(String name, PartialShape shape) {
    Map<String, PartialShape> m = new LinkedHashMap<>(inputShapes);
    m.put(name, shape);
    return new ConvertOptions(compressToFp16, m, outputs);
  }

  public ConvertOptions withOutputs(List<String> names) {
    return new ConvertOptions(compressToFp16, inputShapes, names);
  }
}
