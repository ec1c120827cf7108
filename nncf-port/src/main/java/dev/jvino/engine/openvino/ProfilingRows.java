package dev.jvino.engine.openvino;

import dev.jvino.engine.LayerCounter;
import dev.jvino.openvino.ProfilingInfo;
import java.util.ArrayList;
import java.util.List;

/** Turns OpenVINO's {@link ProfilingInfo} records into the engine-neutral {@link LayerCounter} rows. */
final class ProfilingRows {
  private ProfilingRows() {}

  /** One row per record, in OpenVINO's order; times in nanoseconds (OpenVINO measures microseconds). */
  static List<LayerCounter> of(List<ProfilingInfo> infos) {
    List<LayerCounter> rows = new ArrayList<>(infos.size());
    for (ProfilingInfo p : infos) {
      rows.add(new LayerCounter(p.nodeName(), p.nodeType(), p.execType(), status(p.status()),
          p.realTime().toNanos(), p.cpuTime().toNanos()));
    }
    return rows;
  }

  static LayerCounter.Status status(ProfilingInfo.Status s) {
    return switch (s) {
      case NOT_RUN -> LayerCounter.Status.NOT_RUN;
      case OPTIMIZED_OUT -> LayerCounter.Status.OPTIMIZED_OUT;
      case EXECUTED -> LayerCounter.Status.EXECUTED;
    };
  }
}
