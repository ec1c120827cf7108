package dev.jvino.ir;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A body of a subgraph op (TensorIterator, Loop, If) with its port map and back edges. Port maps and
 * back edges refer to body nodes directly, so writers can renumber layers without losing the links.
 *
 * @param bodyTag the IR element holding the body: {@code body}, {@code then_body}, {@code else_body}
 * @param portMapTag the element holding its port map: {@code port_map}, {@code then_port_map}, ...
 * @param body the body graph
 * @param portMap input and output mappings, in file order
 * @param backEdges back edges (TensorIterator, Loop), empty for If
 */
public record SubgraphBody(String bodyTag, String portMapTag, Model body, List<PortMapping> portMap,
    List<BackEdge> backEdges) {
  public SubgraphBody {
    portMap = List.copyOf(portMap);
    backEdges = List.copyOf(backEdges);
  }

  /**
   * One {@code <input>} or {@code <output>} of a port map.
   *
   * @param isInput {@code true} for {@code <input>}
   * @param externalPort {@code external_port_id}: the outer op's input index for inputs; for outputs
   *     its port id (number of inputs + output index) as OpenVINO writes it; -1 for special ports
   * @param internal the body Parameter (inputs) or Result (outputs)
   * @param extra the other attributes ({@code axis, start, end, stride, part_size, purpose}) in order
   */
  public record PortMapping(boolean isInput, long externalPort, Node internal,
      Map<String, String> extra) {
    public PortMapping {
      extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
  }

  /**
   * A back edge: the value of body Result {@code from} feeds body Parameter {@code to} on the next
   * iteration.
   */
  public record BackEdge(Node from, long fromPort, Node to, long toPort) {}

  /** The port mapping for a body Parameter or Result. */
  public @Nullable PortMapping mappingOf(Node internal) {
    return portMap.stream().filter(p -> p.internal() == internal).findFirst().orElse(null);
  }
}
