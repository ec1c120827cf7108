package dev.jvino.onnx;

import dev.jvino.ir.ElementType;
import java.util.Optional;

/**
 * The element types of ONNX's {@code TensorProto.DataType} by their code in the specification, with
 * the OpenVINO element type each converts to (none for complex numbers and the float8 "FNUZ" types,
 * which OpenVINO has no element type for).
 */
public enum OnnxDataType {
  UNDEFINED(0, null),
  FLOAT(1, ElementType.F32),
  UINT8(2, ElementType.U8),
  INT8(3, ElementType.I8),
  UINT16(4, ElementType.U16),
  INT16(5, ElementType.I16),
  INT32(6, ElementType.I32),
  INT64(7, ElementType.I64),
  STRING(8, ElementType.STRING),
  BOOL(9, ElementType.BOOLEAN),
  FLOAT16(10, ElementType.F16),
  DOUBLE(11, ElementType.F64),
  UINT32(12, ElementType.U32),
  UINT64(13, ElementType.U64),
  COMPLEX64(14, null),
  COMPLEX128(15, null),
  BFLOAT16(16, ElementType.BF16),
  FLOAT8E4M3FN(17, ElementType.F8E4M3),
  FLOAT8E4M3FNUZ(18, null),
  FLOAT8E5M2(19, ElementType.F8E5M2),
  FLOAT8E5M2FNUZ(20, null),
  UINT4(21, ElementType.U4),
  INT4(22, ElementType.I4),
  FLOAT4E2M1(23, ElementType.F4E2M1);

  private final int code;
  private final ElementType ov;

  OnnxDataType(int code, ElementType ov) {
    this.code = code;
    this.ov = ov;
  }

  /** The code in {@code TensorProto.DataType}. */
  public int code() {
    return code;
  }

  /** The OpenVINO element type, if OpenVINO has one. */
  public Optional<ElementType> elementType() {
    return Optional.ofNullable(ov);
  }

  /** The type with {@code code}, or empty for a code the specification does not define. */
  public static Optional<OnnxDataType> of(int code) {
    for (OnnxDataType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The OpenVINO type of {@code code}, or an {@link UnsupportedOnnxException} naming {@code where}. */
  static ElementType toElementType(int code, String where) {
    OnnxDataType t = of(code).orElseThrow(() -> new UnsupportedOnnxException(
        where + ": unknown ONNX data type code " + code));
    return t.elementType().orElseThrow(() -> new UnsupportedOnnxException(
        where + ": ONNX data type " + t + " has no OpenVINO element type"));
  }
}
