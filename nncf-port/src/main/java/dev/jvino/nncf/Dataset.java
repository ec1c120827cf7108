package dev.jvino.nncf;

import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A calibration or validation dataset, as {@code nncf.Dataset}: a source of items and a transform that
 * turns one item into one inference's input. One item is one inference call, whatever its batch size.
 *
 * @param <I> what the transform produces: the model input of one inference
 */
public final class Dataset<I> {
  private final Iterable<?> source;
  private final Function<Object, ? extends I> transform;

  private Dataset(Iterable<?> source, Function<Object, ? extends I> transform) {
    this.source = source;
    this.transform = transform;
  }

  /** {@code nncf.Dataset(source, transform_func)}. */
  @SuppressWarnings("unchecked")
  public static <T, I> Dataset<I> of(Iterable<T> source, Function<? super T, ? extends I> transform) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(transform, "transform");
    return new Dataset<>(source, item -> transform.apply((T) item));
  }

  /** {@code nncf.Dataset(source)}: items are model inputs already. */
  public static <I> Dataset<I> of(Iterable<I> source) {
    return of(source, Function.identity());
  }

  /** The number of items when the source knows it ({@code get_length()}). */
  public OptionalInt length() {
    return source instanceof Collection<?> c ? OptionalInt.of(c.size()) : OptionalInt.empty();
  }

  /** Every source item, untransformed ({@code get_data()}). */
  @SuppressWarnings("unchecked")
  public Iterable<Object> data() {
    return (Iterable<Object>) source;
  }

  /**
   * The source items at {@code indices}, untransformed ({@code get_data(indices)}).
   *
   * @throws ValidationException if the indices are not sorted ascending or are negative
   */
  public Iterable<Object> data(int[] indices) {
    return new Dataset<Object>(source, Function.identity()).inferenceData(indices);
  }

  /** Every item, transformed ({@code get_inference_data()}). */
  public Iterable<I> inferenceData() {
    return () -> new Iterator<>() {
      private final Iterator<?> it = source.iterator();

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public I next() {
        return transform.apply(it.next());
      }
    };
  }

  /**
   * The items at {@code indices}, transformed ({@code get_inference_data(indices)}).
   *
   * @throws ValidationException if the indices are not sorted ascending or are negative
   */
  public Iterable<I> inferenceData(int[] indices) {
    int[] idx = indices.clone();
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || (i > 0 && idx[i] < idx[i - 1])) {
        throw new ValidationException("dataset indices must be non-negative and sorted ascending; index " + i
            + " is " + idx[i]);
      }
    }
    return () -> new Iterator<>() {
      private final Iterator<?> it = source.iterator();
      private int position = -1;
      private int next = 0;

      @Override
      public boolean hasNext() {
        return next < idx.length && advance();
      }

      private boolean advance() {
        while (position < idx[next]) {
          if (!it.hasNext()) {
            return false;
          }
          pending = it.next();
          position++;
        }
        return true;
      }

      private Object pending;

      @Override
      public I next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        next++;
        // repeated indices yield the same item again
        return transform.apply(pending);
      }
    };
  }
}
