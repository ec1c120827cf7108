package dev.jvino.ffm.raw;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One numbering of {@code ov_element_type_e}. The numbering changed between releases (F32 is 5 up
 * to 2024.6 and 4 from 2025.1; 2024.0 lacked u2/u3/u6/string), so the table is chosen from the
 * runtime's version and then confirmed by {@link ElementTypeProbe}. Names are OpenVINO's lower-case
 * type names ({@code f32}, {@code u4}, {@code f8e5m2}, ...).
 *
 * @param label which releases use it
 * @param names the type name of each code, index = C value
 */
public record ElementTypeCodes(String label, List<String> names) {
  public ElementTypeCodes {
    Objects.requireNonNull(label, "label");
    names = List.copyOf(names);
  }

  private static final List<String> TAIL_2024_4 =
      List.of(
          "boolean", "bf16", "f16", "f32", "f64", "i4", "i8", "i16", "i32", "i64", "u1", "u2", "u3",
          "u4", "u6", "u8", "u16", "u32", "u64", "nf4", "f8e4m3", "f8e5m2", "string", "f4e2m1",
          "f8e8m0");

  /** 2025.1 and later: {@code DYNAMIC=0} (2025.x also calls it UNDEFINED), {@code F32=4}. */
  public static final ElementTypeCodes V2025_1 = new ElementTypeCodes("2025.1+", concat(List.of("dynamic"), TAIL_2024_4));

  /** 2024.4 to 2024.6: {@code UNDEFINED=0, DYNAMIC=1}, then the 2025 order shifted by one. */
  public static final ElementTypeCodes V2024_4 =
      new ElementTypeCodes("2024.4-2024.6", concat(List.of("undefined", "dynamic"), TAIL_2024_4));

  /** 2024.0: no u2/u3/u6/string/f4e2m1/f8e8m0, so {@code U8=14}. */
  public static final ElementTypeCodes V2024_0 =
      new ElementTypeCodes(
          "2024.0",
          List.of(
              "undefined", "dynamic", "boolean", "bf16", "f16", "f32", "f64", "i4", "i8", "i16", "i32",
              "i64", "u1", "u4", "u8", "u16", "u32", "u64", "nf4", "f8e4m3", "f8e5m2"));

  private static List<String> concat(List<String> a, List<String> b) {
    var all = new java.util.ArrayList<String>(a);
    all.addAll(b);
    return all;
  }

  /** The C value of type {@code name} in this numbering, if it has one. */
  public OptionalInt code(String name) {
    int i = names.indexOf(name);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** The type name of C value {@code code}, or {@code null} if this numbering has none. */
  public String name(int code) {
    return code >= 0 && code < names.size() ? names.get(code) : null;
  }

  /**
   * The numberings that may apply to runtime version {@code version} ("2026.2.1-..." or "2026.2.1"),
   * most likely first. Versions before 2024.0 are refused.
   *
   * @throws IllegalArgumentException for an unparseable or unsupported version
   */
  public static List<ElementTypeCodes> candidatesFor(String version) {
    int[] v = parse(version);
    int major = v[0];
    int minor = v[1];
    if (major > 2025 || (major == 2025 && minor >= 1)) {
      return List.of(V2025_1);
    }
    if (major == 2025) { // 2025.0's C numbering is unconfirmed: try 2024.6's first and let the probe decide
      return List.of(V2024_4, V2025_1);
    }
    if (major == 2024 && minor >= 4) {
      return List.of(V2024_4);
    }
    if (major == 2024 && minor == 0) {
      return List.of(V2024_0);
    }
    if (major == 2024) { // 2024.1-2024.3 are unconfirmed: the probe picks one
      return List.of(V2024_4, V2024_0);
    }
    throw new IllegalArgumentException(
        "OpenVINO " + version + " is not supported: jvino needs 2024.0 or newer");
  }

  static int[] parse(String version) {
    Objects.requireNonNull(version, "version");
    var m = java.util.regex.Pattern.compile("^(\\d{4})\\.(\\d+)").matcher(version.strip());
    if (!m.find()) {
      throw new IllegalArgumentException("cannot read an OpenVINO version from '" + version + "'");
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }
}
