package dev.jvino.nncf.weights;

import java.util.Arrays;

/**
 * How a weight is split into quantization groups. A weight of shape {@code [a1.., r, a2..]} reduced over
 * the axis of size {@code r} is viewed as {@code outer x r x inner} (C order); with a group size
 * {@code gs} NNCF reshapes it to {@code [a1.., r/gs, gs, a2..]} and computes one scale per
 * {@code (outer, group, inner)} triple. Per-channel compression ({@code groupSize == -1}) is one group
 * of size {@code r}. The reshape keeps C order, so codes and dequantized values share the weight's flat
 * order, and scale {@code (o, g, i)} sits at flat index {@code (o * groups + g) * inner + i}.
 *
 * @param weightShape the original shape
 * @param axis the reduced axis of the original shape
 * @param requestedGroupSize the group size asked for (-1 = per channel)
 * @param outer product of the dimensions before the axis
 * @param channel size of the reduced axis
 * @param inner product of the dimensions after the axis
 * @param groupSize elements per group along the axis ({@code channel} when per channel)
 * @param groups groups per channel
 */
public record WeightGrouping(
    long[] weightShape,
    int axis,
    int requestedGroupSize,
    int outer,
    int channel,
    int inner,
    int groupSize,
    int groups) {

  /**
   * Validates the shape, axis and group size.
   *
   * @param shape weight shape, every dimension positive
   * @param axis reduced axis; negative values count from the end
   * @param groupSize -1 for per channel, or a positive divisor of the channel size
   * @throws IllegalArgumentException for a bad shape, axis, or a group size of 0 or below -1
   * @throws InvalidGroupSizeException if the group size does not divide the channel size
   */
  public static WeightGrouping of(long[] shape, int axis, int groupSize) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("weight shape must have at least one dimension");
    }
    long total = 1;
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " has a non-positive dimension");
      }
      total = Math.multiplyExact(total, d);
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " has more than 2^31 elements");
    }
    int ax = axis < 0 ? axis + shape.length : axis;
    if (ax < 0 || ax >= shape.length) {
      throw new IllegalArgumentException(
          "reduction axis " + axis + " is out of range for weight shape " + Arrays.toString(shape));
    }
    if (groupSize == 0 || groupSize < -1) {
      throw new IllegalArgumentException(
          "group_size must be -1 (per channel) or positive, got " + groupSize);
    }
    long outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= shape[i];
    }
    long inner = 1;
    for (int i = ax + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int channel = (int) shape[ax];
    int gs = groupSize == -1 ? channel : groupSize;
    if (channel % gs != 0) {
      throw new InvalidGroupSizeException(channel, groupSize);
    }
    return new WeightGrouping(shape.clone(), ax, groupSize, (int) outer, channel, (int) inner, gs, channel / gs);
  }

  /** Same as {@link #of(long[], int, int)} for an int shape. */
  public static WeightGrouping of(int[] shape, int axis, int groupSize) {
    return of(Arrays.stream(shape).asLongStream().toArray(), axis, groupSize);
  }

  /** The original shape (a copy). */
  @Override
  public long[] weightShape() {
    return weightShape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightGrouping g && Arrays.equals(weightShape, g.weightShape) && axis == g.axis
        && requestedGroupSize == g.requestedGroupSize;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(weightShape) + axis) + requestedGroupSize;
  }

  @Override
  public String toString() {
    return "WeightGrouping[shape=" + Arrays.toString(weightShape) + ", axis=" + axis + ", groupSize="
        + requestedGroupSize + ", groups=" + groups + "]";
  }

  /** Number of weight elements. */
  public int size() {
    return outer * channel * inner;
  }

  /** Number of scales (one per group and non-reduced position). */
  public int scaleCount() {
    return outer * groups * inner;
  }

  /** Whether the weight is split into groups (a group size was given). */
  public boolean isGrouped() {
    return requestedGroupSize != -1;
  }

  /** NNCF's compressed-tensor shape: {@code [a1.., r/gs, gs, a2..]} when grouped, else the weight shape. */
  public long[] groupedShape() {
    if (!isGrouped()) {
      return weightShape.clone();
    }
    long[] out = new long[weightShape.length + 1];
    System.arraycopy(weightShape, 0, out, 0, axis);
    out[axis] = groups;
    out[axis + 1] = groupSize;
    System.arraycopy(weightShape, axis + 1, out, axis + 2, weightShape.length - axis - 1);
    return out;
  }

  /** The scale shape: the grouped shape with the reduced axis kept as 1. */
  public long[] scaleShape() {
    long[] out = groupedShape();
    out[isGrouped() ? axis + 1 : axis] = 1;
    return out;
  }

  /** Whether each group is contiguous in memory (the reduced axis is the last non-unit one). */
  public boolean contiguousGroups() {
    return inner == 1;
  }
}
