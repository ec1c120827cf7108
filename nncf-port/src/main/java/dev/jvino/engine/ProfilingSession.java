package dev.jvino.engine;

import java.util.List;

/**
 * An {@link InferSession} whose runtime measures every layer of an inference, as OpenVINO does when a
 * model is compiled with profiling enabled ({@code ov::enable_profiling}). The reference engine reports
 * per-node times through {@link NodeTimings} instead.
 */
public interface ProfilingSession extends InferSession {
  /**
   * The per-layer counters of this session's last inference, in the runtime's order.
   *
   * @throws IllegalStateException if the model was compiled without profiling, or nothing has been
   *     inferred since the session was created or its state was reset
   */
  List<LayerCounter> layerCounters();
}
