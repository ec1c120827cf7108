package dev.jvino.ffm.loader;

import java.util.Objects;

/**
 * One place the locator looked, and what it found there.
 *
 * @param source which search rule produced the place
 * @param location the directory or file looked at (as text: it may not exist)
 * @param outcome what was found, e.g. "found libopenvino_c.so.2026.0.0" or "not set"
 */
public record Attempt(SearchSource source, String location, String outcome) {
  public Attempt {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(outcome, "outcome");
  }

  @Override
  public String toString() {
    return source.label() + (location.isEmpty() ? "" : " (" + location + ")") + ": " + outcome;
  }
}
