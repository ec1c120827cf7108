package dev.jvino.nncf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Nodes an algorithm must leave alone (NNCF's {@code IgnoredScope}): exact node names, regular
 * expressions matched from the start of the name (Python's {@code re.match}: anchored at the start, not
 * a full match), op types, and subgraphs (every node on a path from an input to an output). With
 * {@code validate}, a rule that matches nothing in the model is an error.
 */
public record IgnoredScope(
    List<String> names, List<String> patterns, List<String> types, List<Subgraph> subgraphs, boolean validate) {

  /** The nodes on every path from each of {@code inputs} to each of {@code outputs} (names). */
  public record Subgraph(List<String> inputs, List<String> outputs) {
    public Subgraph {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** Ignores nothing. */
  public static final IgnoredScope EMPTY = new IgnoredScope(List.of(), List.of(), List.of(), List.of(), true);

  public IgnoredScope {
    names = List.copyOf(names);
    patterns = List.copyOf(patterns);
    types = List.copyOf(types);
    subgraphs = List.copyOf(subgraphs);
    for (String p : patterns) {
      try {
        Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw new ValidationException("ignored_scope: invalid pattern '" + p + "': " + e.getDescription());
      }
    }
  }

  public boolean isEmpty() {
    return names.isEmpty() && patterns.isEmpty() && types.isEmpty() && subgraphs.isEmpty();
  }

  /** Whether {@code name} is matched by one of the patterns, anchored at its start as Python's re.match. */
  public boolean matchesPattern(String name) {
    for (String p : patterns) {
      if (Pattern.compile(p).matcher(name).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link IgnoredScope}. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<String> patterns = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final List<Subgraph> subgraphs = new ArrayList<>();
    private boolean validate = true;

    public Builder names(String... values) {
      names.addAll(List.of(values));
      return this;
    }

    public Builder patterns(String... values) {
      patterns.addAll(List.of(values));
      return this;
    }

    public Builder types(String... values) {
      types.addAll(List.of(values));
      return this;
    }

    public Builder subgraph(List<String> inputs, List<String> outputs) {
      subgraphs.add(new Subgraph(inputs, outputs));
      return this;
    }

    public Builder validate(boolean value) {
      validate = value;
      return this;
    }

    public IgnoredScope build() {
      for (List<String> l : List.of(names, patterns, types)) {
        l.forEach(v -> Objects.requireNonNull(v, "ignored_scope entries must not be null"));
      }
      return new IgnoredScope(names, patterns, types, subgraphs, validate);
    }
  }
}
