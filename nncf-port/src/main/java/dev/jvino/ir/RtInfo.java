package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runtime information ({@code <rt_info>}) of a model, a layer or a port, kept as the element tree
 * the IR holds so that every form (attributes with versions, {@code user_data}, nested maps, tags
 * that are not valid identifiers written as {@code <info name=..>}) survives a round trip.
 *
 * <p>Layer and port level: entries are {@code <attribute name="fused_names" version="0"
 * value=".."/>}. Model level: {@code <Name value=".."/>} or nested elements for maps.
 */
public final class RtInfo {
  /**
   * One element of the tree.
   *
   * @param tag the element name ({@code attribute}, {@code info}, or the key itself at model level)
   * @param attributes its XML attributes, in order
   * @param children nested elements
   */
  public record Entry(String tag, Map<String, String> attributes, List<Entry> children) {
    public Entry {
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
      children = List.copyOf(children);
    }

    /** The key this entry stands for: its {@code name} attribute if the tag is generic. */
    public String key() {
      if ((tag.equals("attribute") || tag.equals("info") || tag.equals("user_data"))
          && attributes.containsKey("name")) {
        return attributes.get("name");
      }
      return tag;
    }

    public Optional<String> value() {
      return Optional.ofNullable(attributes.get("value"));
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** The entries, read-only, in order. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public void add(Entry e) {
    entries.add(e);
  }

  /** Removes every entry with this key. */
  public void remove(String key) {
    entries.removeIf(e -> e.key().equals(key));
  }

  /** The first entry with this key (see {@link Entry#key()}). */
  public Optional<Entry> find(String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /** Looks up a nested key path, e.g. {@code find("nncf", "weight_compression", "mode")}. */
  public Optional<Entry> find(String... path) {
    List<Entry> level = entries;
    Entry hit = null;
    for (String k : path) {
      hit = level.stream().filter(e -> e.key().equals(k)).findFirst().orElse(null);
      if (hit == null) {
        return Optional.empty();
      }
      level = hit.children();
    }
    return Optional.ofNullable(hit);
  }

  /** The {@code value} of the entry with this key. */
  public Optional<String> value(String key) {
    return find(key).flatMap(Entry::value);
  }

  /** Sets a model-level value {@code <key value=".."/>}, replacing an existing one. */
  public void putValue(String key, String value) {
    Entry e = new Entry(isIdentifier(key) ? key : "info",
        isIdentifier(key) ? Map.of("value", value) : orderedMap("name", key, "value", value), List.of());
    replaceOrAdd(key, e);
  }

  /**
   * Sets a layer/port-level attribute {@code <attribute name=.. version=.. value=../>} (no
   * {@code value} when {@code value} is null, as for {@code decompression}).
   */
  public void putAttribute(String name, String version, @org.jspecify.annotations.Nullable String value) {
    Entry e = new Entry("attribute", value == null ? orderedMap("name", name, "version", version)
        : orderedMap("name", name, "version", version, "value", value), List.of());
    replaceOrAdd(name, e);
  }

  private void replaceOrAdd(String key, Entry e) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).key().equals(key)) {
        entries.set(i, e);
        return;
      }
    }
    entries.add(e);
  }

  /** Copies all entries of another rt_info. */
  public void addAll(RtInfo other) {
    entries.addAll(other.entries);
  }

  static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Whether {@code s} can be an XML element name as OpenVINO's writer checks it. */
  public static boolean isIdentifier(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
