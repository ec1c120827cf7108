package dev.jvino.ffm.raw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The binding table: one row per C function of the OpenVINO C API that jvino calls, organised by
 * header. Every downcall handle is created from a row, so the table is the single place a prototype
 * is written down.
 */
public final class BindingTable {
  private BindingTable() {}

  /** The newest header version any row was checked against. */
  public static final String HEADERS_CHECKED = "2026.4";

  private static final Map<String, Binding> BY_NAME = index();

  private static Map<String, Binding> index() {
    Map<String, Binding> map = new LinkedHashMap<>();
    Stream.of(CoreTable.ROWS, ModelTable.ROWS, InferTable.ROWS, ShapeTable.ROWS, PrePostTable.ROWS)
        .flatMap(List::stream)
        .forEach(
            row -> {
              if (map.put(row.name(), row) != null) {
                throw new IllegalStateException("duplicate binding row " + row.name());
              }
            });
    return Map.copyOf(map);
  }

  /** Every row, in header order. */
  public static List<Binding> rows() {
    return Stream.of(CoreTable.ROWS, ModelTable.ROWS, InferTable.ROWS, ShapeTable.ROWS, PrePostTable.ROWS)
        .flatMap(List::stream)
        .toList();
  }

  /** The row for {@code name}, if the table has one. */
  public static Optional<Binding> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The row for {@code name}; an unknown name is a programming error. */
  public static Binding row(String name) {
    Binding b = BY_NAME.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no binding row for C function '" + name + "'");
    }
    return b;
  }
}
