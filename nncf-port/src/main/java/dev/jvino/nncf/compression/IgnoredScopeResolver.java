package dev.jvino.nncf.compression;

import dev.jvino.ir.Input;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ValidationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves an {@link IgnoredScope} against every op of a model (NNCF's
 * {@code get_ignored_node_names_from_ignored_scope}): exact names, patterns matched from the start of the
 * name ({@code re.match}), exact op type names, and subgraphs (every node on a path from an input to an
 * output). With {@code strict}, a rule that matches nothing raises NNCF's error listing the unmatched rules.
 */
public final class IgnoredScopeResolver {
  private IgnoredScopeResolver() {}

  /**
   * The names of the ignored ops.
   *
   * @throws ValidationException if {@code strict} and some rule matched nothing
   */
  public static Set<String> resolve(IgnoredScope scope, List<Node> ops, boolean strict) {
    Set<String> all = new LinkedHashSet<>();
    Map<String, Node> byName = new java.util.HashMap<>();
    for (Node n : ops) {
      all.add(n.name());
      byName.putIfAbsent(n.name(), n);
    }
    Set<String> ignored = new LinkedHashSet<>();
    List<String> unmatchedNames = new ArrayList<>();
    for (String name : scope.names()) {
      if (all.contains(name)) {
        ignored.add(name);
      } else {
        unmatchedNames.add(name);
      }
    }
    List<String> unmatchedPatterns = new ArrayList<>();
    for (String p : scope.patterns()) {
      Pattern pattern = Pattern.compile(p);
      boolean any = false;
      for (String name : all) {
        if (pattern.matcher(name).lookingAt()) {
          ignored.add(name);
          any = true;
        }
      }
      if (!any) {
        unmatchedPatterns.add(p);
      }
    }
    List<String> unmatchedTypes = new ArrayList<>();
    for (String t : scope.types()) {
      boolean any = false;
      for (Node n : ops) {
        if (n.type().equals(t)) {
          ignored.add(n.name());
          any = true;
        }
      }
      if (!any) {
        unmatchedTypes.add(t);
      }
    }
    List<IgnoredScope.Subgraph> unmatchedSubgraphs = new ArrayList<>();
    for (IgnoredScope.Subgraph sg : scope.subgraphs()) {
      Set<String> names = subgraphNodes(sg, byName);
      if (names.isEmpty()) {
        unmatchedSubgraphs.add(sg);
      }
      ignored.addAll(names);
    }
    if (strict && !(unmatchedNames.isEmpty() && unmatchedTypes.isEmpty() && unmatchedPatterns.isEmpty()
        && unmatchedSubgraphs.isEmpty())) {
      StringBuilder msg = new StringBuilder("\n");
      appendRule(msg, "names", unmatchedNames);
      appendRule(msg, "types", unmatchedTypes);
      appendRule(msg, "patterns", unmatchedPatterns);
      for (IgnoredScope.Subgraph sg : unmatchedSubgraphs) {
        msg.append("Ignored nodes that matches subgraph with input names ").append(PythonRepr.strings(sg.inputs()))
            .append(" and output names ").append(PythonRepr.strings(sg.outputs()))
            .append(" were not found in the NNCFGraph.\n");
      }
      throw new ValidationException(msg.toString());
    }
    return ignored;
  }

  private static void appendRule(StringBuilder msg, String kind, List<String> rules) {
    if (!rules.isEmpty()) {
      msg.append("Ignored nodes that matches ").append(kind).append(' ').append(PythonRepr.strings(rules))
          .append(" were not found in the NNCFGraph.\n");
    }
  }

  /** Nodes on some path from an input to an output of the subgraph (in a DAG: reachable from one, reaching the other). */
  private static Set<String> subgraphNodes(IgnoredScope.Subgraph sg, Map<String, Node> byName) {
    Set<String> out = new LinkedHashSet<>();
    for (String in : sg.inputs()) {
      for (String outName : sg.outputs()) {
        Node s = byName.get(in);
        Node t = byName.get(outName);
        if (s == null || t == null) {
          continue;
        }
        if (s == t) {
          out.add(s.name());
          continue;
        }
        Set<Node> forward = reach(s, true);
        if (!forward.contains(t)) {
          continue;
        }
        Set<Node> backward = reach(t, false);
        for (Node n : forward) {
          if (backward.contains(n)) {
            out.add(n.name());
          }
        }
      }
    }
    return out;
  }

  private static Set<Node> reach(Node start, boolean downstream) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> work = new ArrayDeque<>();
    work.push(start);
    seen.add(start);
    while (!work.isEmpty()) {
      Node n = work.pop();
      List<Node> next = new ArrayList<>();
      if (downstream) {
        for (Output o : n.outputs()) {
          for (Input i : o.consumers()) {
            next.add(i.node());
          }
        }
      } else {
        for (Input i : n.inputs()) {
          next.add(i.source().node());
        }
      }
      for (Node m : next) {
        if (seen.add(m)) {
          work.push(m);
        }
      }
    }
    return seen;
  }
}
