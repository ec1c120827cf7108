package dev.jvino.nncf.compression;

/**
 * Progress of a weight compression run. Every method has an empty default; implement what you need.
 * Calls come from the compressing thread, in order.
 */
public interface CompressionListener {
  /** A listener that ignores everything. */
  CompressionListener NONE = new CompressionListener() {};

  /** The precisions are chosen; {@code plan.processingOrder()} lists what will be compressed. */
  default void planned(CompressionPlan plan) {}

  /**
   * One weight was compressed.
   *
   * @param index 0-based position in the processing order
   * @param count number of weights to compress
   * @param weight the weight and its config
   * @param doneElements weight elements compressed so far, this one included
   * @param totalElements weight elements to compress in total
   */
  default void weightCompressed(int index, int count, WeightAssignment weight, long doneElements, long totalElements) {}

  /** Compression finished. */
  default void finished(CompressionResult result) {}
}
