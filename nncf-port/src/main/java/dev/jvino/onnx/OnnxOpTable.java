package dev.jvino.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The operators of the default ONNX domain that jvino's converter maps, by op type. */
public final class OnnxOpTable {
  private static final Map<String, OpMapper> TABLE;

  static {
    Map<String, OpMapper> t = new TreeMap<>();
    MathOps.register(t);
    NnOps.register(t);
    TensorOps.register(t);
    QuantOps.register(t);
    ResizeOps.register(t);
    TABLE = Collections.unmodifiableMap(t);
  }

  private OnnxOpTable() {}

  /** Every supported op type of the default domain, sorted. */
  public static SortedSet<String> supported() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(TABLE.keySet()));
  }

  static Optional<OpMapper> find(String domain, String opType) {
    if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
      return Optional.empty();
    }
    return Optional.ofNullable(TABLE.get(opType));
  }
}
