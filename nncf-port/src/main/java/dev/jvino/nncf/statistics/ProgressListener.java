package dev.jvino.nncf.statistics;

import java.util.OptionalInt;

/** Receives the progress of a pass over a dataset (jvino-nncf has no progress-bar library). */
public interface ProgressListener {
  /** Ignores everything. */
  ProgressListener NONE = (done, total) -> {};

  /** Called once before the first sample; {@code total} is empty when the dataset length is unknown. */
  default void started(String task, OptionalInt total) {}

  /** Called after each sample. */
  void advanced(int done, OptionalInt total);

  /** Called once after the last sample. */
  default void finished(int done) {}
}
