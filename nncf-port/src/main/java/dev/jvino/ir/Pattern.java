package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small matcher for chains of ops, enough for NNCF's patterns: a pattern is a set of alternative
 * chains; a chain is a sequence of steps, each accepting some op types; in a match each node feeds
 * the next one (through any output and input). Build with {@link #op}, {@link #seq}, {@link #alt} and
 * {@link #optional}:
 *
 * <pre>{@code
 * Pattern p = Pattern.seq(Pattern.op("MatMul"), Pattern.optional(Pattern.op("Add")),
 *     Pattern.op("Relu", "Gelu", "Swish"));
 * List<Pattern.Match> found = p.findAll(model);
 * }</pre>
 */
public final class Pattern {
  /** One matched chain, in data-flow order. */
  public record Match(List<Node> nodes) {
    public Node first() {
      return nodes.get(0);
    }

    public Node last() {
      return nodes.get(nodes.size() - 1);
    }
  }

  private record Step(Set<String> types) {
    boolean accepts(Node n) {
      return types.contains("*") || types.contains(n.type().toLowerCase(Locale.ROOT));
    }
  }

  private final List<List<Step>> chains;

  private Pattern(List<List<Step>> chains) {
    this.chains = chains;
  }

  /** One op whose type is any of {@code types} (case-insensitive; {@code "*"} accepts any op). */
  public static Pattern op(String... types) {
    if (types.length == 0) {
      throw new IllegalArgumentException("op() needs at least one type");
    }
    Set<String> t = new LinkedHashSet<>();
    for (String s : types) {
      t.add(s.toLowerCase(Locale.ROOT));
    }
    return new Pattern(List.of(List.of(new Step(t))));
  }

  /** The patterns one after another. */
  public static Pattern seq(Pattern... parts) {
    List<List<Step>> acc = List.of(List.of());
    for (Pattern p : parts) {
      List<List<Step>> next = new ArrayList<>();
      for (List<Step> a : acc) {
        for (List<Step> b : p.chains) {
          List<Step> c = new ArrayList<>(a);
          c.addAll(b);
          next.add(List.copyOf(c));
        }
      }
      acc = next;
    }
    return new Pattern(acc);
  }

  /** Any of the patterns. */
  public static Pattern alt(Pattern... options) {
    List<List<Step>> all = new ArrayList<>();
    Arrays.stream(options).forEach(o -> all.addAll(o.chains));
    return new Pattern(all);
  }

  /** The pattern or nothing (only meaningful inside {@link #seq}). */
  public static Pattern optional(Pattern p) {
    List<List<Step>> all = new ArrayList<>(p.chains);
    all.add(List.of());
    return new Pattern(all);
  }

  /** Every match in {@code m}, ordered by the position of its first node in {@link Model#ops()}. */
  public List<Match> findAll(Model m) {
    Set<List<Node>> seen = new LinkedHashSet<>();
    for (Node n : m.ops()) {
      for (Match match : matchesAt(n)) {
        seen.add(match.nodes());
      }
    }
    return seen.stream().map(Match::new).toList();
  }

  /** The matches whose first node is {@code start}. */
  public List<Match> matchesAt(Node start) {
    List<Match> out = new ArrayList<>();
    for (List<Step> chain : chains) {
      if (!chain.isEmpty()) {
        extend(chain, 0, start, new ArrayList<>(), out);
      }
    }
    return out;
  }

  private static void extend(List<Step> chain, int i, Node n, List<Node> path, List<Match> out) {
    if (!chain.get(i).accepts(n)) {
      return;
    }
    path.add(n);
    if (i == chain.size() - 1) {
      out.add(new Match(List.copyOf(path)));
    } else {
      Set<Node> next = new LinkedHashSet<>();
      for (Output o : n.outputs()) {
        for (Input in : o.consumers) {
          next.add(in.node());
        }
      }
      for (Node c : next) {
        extend(chain, i + 1, c, path, out);
      }
    }
    path.remove(path.size() - 1);
  }
}
