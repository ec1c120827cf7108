package dev.jvino.nncf.compression;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.numeric.SubBytePacking;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the decompression subgraph NNCF's OpenVINO backend inserts for a compressed weight and puts it
 * in place of the weight Constant ({@code _create_compression_subgraph} and {@code _replace_node}):
 *
 * <pre>
 * Constant[name] (codes) -> Convert(f16)
 *   [-> Subtract[name/zero_point/subtract] (Convert(f16) of Constant[name/zero_point])]   asymmetric
 *   -> Multiply[name/fq_weights_P] (Constant[name/scale] f16 | f8e8m0 -> Convert(f16) | NVFP4 chain)
 *   [-> Reshape(original shape)]                                                         grouped
 *   [-> Convert[name/fq_weights_P/convert](original type)]   original type is not f16 and a consumer is not a Convert
 * </pre>
 *
 * Codebook modes replace the codes with {@code Gather[name_nncf_codebook]} of the codebook
 * {@code Constant[name]} (as f16) by the indices {@code Constant[name_nncf_codebook_idxs]}.
 */
final class DecompressionSubgraph {
  private DecompressionSubgraph() {}

  /**
   * What was built: the output that replaced the weight, the Constant named like the weight (codes, or
   * the codebook), the stored code type and shape, and every new Constant.
   */
  record Built(Output output, Node codes, ElementType codeType, long[] codesShape, List<Node> constants) {}

  private static ConstantData codebookData(ElementType type, float[] cb) {
    long[] shape = {cb.length};
    if (type.isFloatingPoint()) {
      return ConstantData.ofFloats(type, shape, cb);
    }
    long[] ints = new long[cb.length];
    for (int i = 0; i < cb.length; i++) {
      ints[i] = (long) cb[i]; // exact: checked integral and in range when the options were built
    }
    return ConstantData.ofLongs(type, shape, ints);
  }

  static Built insert(Model model, WeightSite site, WeightCompressionConfig config, LoweredWeight low) {
    String name = site.weightName();
    int port = site.port();
    Node original = site.constant();
    ElementType originalType = site.dtype();
    CompressedWeight cw = low.cw();
    List<Node> constants = new ArrayList<>();
    boolean addConvert = originalType != ElementType.F16
        && original.output().consumers().stream().anyMatch(in -> !in.node().is("Convert"));

    Output decompressed;
    Node codesNode;
    if (config.mode().isCodebook()) {
      float[] cb = cw.codebook();
      ElementType cbType = config.mode() == CompressWeightsMode.CB4 ? ElementType.F8E4M3 : config.codebookType();
      codesNode = Ops.constant(name, codebookData(cbType, cb));
      constants.add(codesNode);
      // NNCF converts the codebook to f16 unless it already is f16
      Output cbOut = cbType == ElementType.F16 ? codesNode.output()
          : Ops.convert(codesNode.output(), ElementType.F16).output();
      Node idx = Ops.constant(name + "_nncf_codebook_idxs", codes(cw.codeType(), low.codesShape(), low.codes()));
      constants.add(idx);
      Output idxOut = cw.codeType() == ElementType.U4 ? Ops.convert(idx.output(), ElementType.U8).output() : idx.output();
      Node gather = Ops.gather(cbOut, idxOut, 0, 0);
      gather.setName(name + "_nncf_codebook");
      decompressed = gather.output();
    } else {
      codesNode = Ops.constant(name, codes(cw.codeType(), low.codesShape(), low.codes()));
      constants.add(codesNode);
      decompressed = Ops.convert(codesNode.output(), ElementType.F16).output();
      if (cw.zeroPoint() != null) {
        byte[] zp = new byte[cw.zeroPoint().length];
        for (int i = 0; i < zp.length; i++) {
          zp[i] = (byte) cw.zeroPoint()[i];
        }
        Node zpNode = Ops.constant(name + "/zero_point", codes(cw.codeType(), low.scaleShape(), zp));
        constants.add(zpNode);
        Node sub = Ops.subtract(decompressed, Ops.convert(zpNode.output(), ElementType.F16).output());
        sub.setName(name + "/zero_point/subtract");
        decompressed = sub.output();
      }
    }

    Output scale;
    long[] scaleShape = low.scaleShape();
    if (config.mode().isMx()) {
      Node s = Ops.constant(name + "/scale", ConstantData.ofBytes(ElementType.F8E8M0, scaleShape, cw.scaleE8m0()));
      constants.add(s);
      scale = Ops.convert(s.output(), ElementType.F16).output();
    } else if (config.mode() == CompressWeightsMode.NVFP4) {
      Node s = Ops.constant(name + "/scale", ConstantData.ofBytes(ElementType.F8E4M3, scaleShape, cw.scaleE4m3()));
      long[] ones = new long[scaleShape.length];
      java.util.Arrays.fill(ones, 1);
      Node global = Ops.constant(name + "/second_order_scale",
          ConstantData.ofFloats(ElementType.F32, ones, cw.globalScale()));
      constants.add(s);
      constants.add(global);
      Node deq = Ops.multiply(Ops.convert(s.output(), ElementType.F32).output(), global.output());
      deq.setName(name + "/dequantized_scale_" + port);
      scale = Ops.convert(deq.output(), ElementType.F16).output();
    } else {
      short[] f16 = cw.scaleF16();
      byte[] raw = new byte[f16.length * 2];
      for (int i = 0; i < f16.length; i++) {
        raw[2 * i] = (byte) f16[i];
        raw[2 * i + 1] = (byte) (f16[i] >> 8);
      }
      Node s = Ops.constant(name + "/scale", ConstantData.ofBytes(ElementType.F16, scaleShape, raw));
      constants.add(s);
      scale = s.output();
    }
    Node mul = Ops.multiply(decompressed, scale);
    mul.setName(name + "/fq_weights_" + port);
    Output out = mul.output();
    if (config.groupSize() != -1) {
      out = Ops.reshape(out, site.shape(), false).output();
    }
    if (addConvert) {
      Node convert = Ops.convert(out, originalType);
      convert.setName(name + "/fq_weights_" + port + "/convert");
      out = convert.output();
    }
    replace(model, original.output(), out);
    return new Built(out, codesNode, cw.codeType(), low.codesShape(), constants);
  }

  /** Codes in IR layout: one byte each for 8-bit types, two per byte (low nibble first) for 4-bit types. */
  static ConstantData codes(ElementType type, long[] shape, byte[] codes) {
    byte[] raw = type.bitWidth() == 4 ? SubBytePacking.pack4(codes) : codes;
    if (type.bitWidth() != 4 && type.bitWidth() != 8) {
      throw new UnsupportedModelException("jvino stores compressed codes as 4 or 8 bits, not " + type);
    }
    return ConstantData.ofBytes(type, shape, raw);
  }

  /**
   * NNCF's {@code _replace_node}: consumers of {@code old} read {@code replacement}, except that a
   * Convert already producing the replacement's type is bypassed (its consumers read the replacement).
   */
  private static void replace(Model model, Output old, Output replacement) {
    for (Input in : old.consumers()) {
      Node target = in.node();
      if (target.is("Convert") && target.output().elementType() == replacement.elementType()) {
        replace(model, target.output(), replacement);
        model.remove(target);
      } else {
        if (!in.shape().compatible(replacement.shape())) {
          throw new InvalidGraphException("decompressed weight " + replacement + " has shape " + replacement.shape()
              + " but " + in + " reads " + in.shape());
        }
        in.connect(replacement);
      }
    }
  }
}
