package dev.jvino.data;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Model inputs stored in an HDF5 file: one dataset per model input at the file's root, named like the
 * input, whose first axis is the sample. Sample {@code i} of every dataset forms one inference, with the
 * sample axis kept as a batch of 1 ({@code [N, 3, 224, 224]} gives inputs of shape {@code [1, 3, 224, 224]}).
 *
 * <p>Read with jhdf, a pure-Java reader, so a hostile file can raise an error but cannot crash the JVM;
 * samples are read one at a time, and a dataset whose single sample exceeds {@link #maxSampleBytes} is
 * refused before anything is read, so memory stays bounded whatever the file declares.
 */
public final class Hdf5Samples implements AutoCloseable, Iterable<Map<String, NdArray>> {
  /** Default bound on the bytes of one sample of one dataset (1 GiB). */
  public static final long DEFAULT_MAX_SAMPLE_BYTES = 1L << 30;

  private final Path file;
  private final HdfFile hdf;
  private final Map<String, Dataset> datasets;
  private final Map<String, ElementType> types;
  private final long samples;
  private final long maxSampleBytes;

  private Hdf5Samples(Path file, HdfFile hdf, Map<String, Dataset> datasets, Map<String, ElementType> types,
      long samples, long maxSampleBytes) {
    this.file = file;
    this.hdf = hdf;
    this.datasets = datasets;
    this.types = types;
    this.samples = samples;
    this.maxSampleBytes = maxSampleBytes;
  }

  /** Opens {@code file} with the default per-sample bound. */
  public static Hdf5Samples open(Path file) {
    return open(file, DEFAULT_MAX_SAMPLE_BYTES);
  }

  /**
   * Opens {@code file} and checks its layout: at least one dataset at the root, every one numeric or
   * boolean with at least one axis, all with the same number of samples, none larger per sample than
   * {@code maxSampleBytes}.
   *
   * @throws DatasetFormatException naming the file and dataset otherwise
   */
  public static Hdf5Samples open(Path file, long maxSampleBytes) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetFormatException(file, Files.isDirectory(file) ? "is a directory, not an HDF5 file"
          : "no such file");
    }
    HdfFile hdf;
    try {
      hdf = openHdf(file);
    } catch (java.io.IOException e) {
      throw new DatasetFormatException(file, "cannot read (" + describe(e) + ")", e);
    } catch (RuntimeException | StackOverflowError | InternalError e) {
      throw new DatasetFormatException(file, "not a readable HDF5 file (" + describe(e) + ")", e);
    }
    try {
      Map<String, Dataset> datasets = new LinkedHashMap<>();
      Map<String, ElementType> types = new LinkedHashMap<>();
      long samples = -1;
      for (Map.Entry<String, Node> child : hdf.getChildren().entrySet()) {
        if (!(child.getValue() instanceof Dataset ds)) {
          continue;
        }
        String name = child.getKey();
        if (ds.isCompound() || ds.isVariableLength()) {
          throw new DatasetFormatException(file, "dataset '" + name + "' is compound or variable-length;"
              + " store each model input as a plain numeric array whose first axis is the sample");
        }
        ElementType type = JavaArrays.elementType(ds.getJavaType());
        if (type == null) {
          throw new DatasetFormatException(file, "dataset '" + name + "' has an unsupported type "
              + ds.getJavaType().getSimpleName());
        }
        long[] dims = ds.getDimensionsAsLong();
        if (ds.isScalar() || dims.length == 0) {
          throw new DatasetFormatException(file, "dataset '" + name + "' is a scalar; its first axis must be the sample");
        }
        for (long d : dims) {
          if (d < 0) {
            throw new DatasetFormatException(file, "dataset '" + name + "' declares a negative dimension "
                + Arrays.toString(dims));
          }
        }
        long perSample;
        try {
          perSample = Math.multiplyExact(JavaArrays.count(Arrays.copyOfRange(dims, 1, dims.length)),
              Math.max(1, type.bitWidth() / 8));
        } catch (ArithmeticException e) {
          throw new DatasetFormatException(file, "dataset '" + name + "' declares dimensions "
              + Arrays.toString(dims) + " whose size overflows");
        }
        if (perSample > maxSampleBytes || perSample > Integer.MAX_VALUE) {
          throw new DatasetFormatException(file, "dataset '" + name + "' has " + perSample
              + " bytes per sample, more than the limit of " + Math.min(maxSampleBytes, Integer.MAX_VALUE));
        }
        if (samples >= 0 && dims[0] != samples) {
          throw new DatasetFormatException(file, "dataset '" + name + "' has " + dims[0] + " samples but '"
              + datasets.keySet().iterator().next() + "' has " + samples);
        }
        samples = dims[0];
        datasets.put(name, ds);
        types.put(name, type);
      }
      if (datasets.isEmpty()) {
        throw new DatasetFormatException(file, "holds no dataset at its root; expected one per model input");
      }
      return new Hdf5Samples(file, hdf, datasets, types, samples, maxSampleBytes);
    } catch (DatasetFormatException e) {
      hdf.close();
      throw e;
    } catch (RuntimeException | StackOverflowError | InternalError e) {
      hdf.close();
      throw new DatasetFormatException(file, "cannot read the HDF5 structure (" + describe(e) + ")", e);
    }
  }

  /**
   * Opens the file for jhdf. Files up to 2 GiB are memory-mapped and read through the mapping: jhdf
   * then takes views of the mapped bytes instead of allocating a heap buffer of whatever length a
   * (possibly hostile) header declares, so a 100-byte file cannot exhaust the heap (fuzzing finding:
   * a header declaring a huge object-header size made jhdf allocate gigabytes). Larger files are read
   * through a file channel, whose buffer sizes are bounded by the real file size below.
   */
  private static HdfFile openHdf(Path file) throws java.io.IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.READ)) {
      long size = ch.size();
      if (size <= Integer.MAX_VALUE) {
        java.nio.ByteBuffer mapped = size == 0 ? java.nio.ByteBuffer.allocate(0)
            : ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size);
        return HdfFile.fromByteBuffer(mapped);
      }
    }
    return new HdfFile(file);
  }

  /** The dataset (model input) names, in the file's link order (by name unless it tracks creation order). */
  public List<String> names() {
    return new ArrayList<>(datasets.keySet());
  }

  /** The element type of a dataset. */
  public ElementType elementType(String name) {
    ElementType t = types.get(name);
    if (t == null) {
      throw new IllegalArgumentException(file + ": no dataset '" + name + "'; it has " + names());
    }
    return t;
  }

  /** The shape of one sample of a dataset as the model sees it: its dimensions with the first set to 1. */
  public long[] sampleShape(String name) {
    elementType(name); // names the file and the datasets when there is no such dataset
    long[] shape = datasets.get(name).getDimensionsAsLong().clone();
    shape[0] = 1;
    return shape;
  }

  /** The number of samples (the common first axis). */
  public long size() {
    return samples;
  }

  /** Sample {@code index} of every dataset, each with a leading batch axis of 1. */
  public Map<String, NdArray> sample(long index) {
    if (index < 0 || index >= samples) {
      throw new IndexOutOfBoundsException(file + ": sample " + index + " of " + samples);
    }
    Map<String, NdArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset> e : datasets.entrySet()) {
      out.put(e.getKey(), read(e.getKey(), e.getValue(), index));
    }
    return out;
  }

  private NdArray read(String name, Dataset ds, long index) {
    long[] dims = ds.getDimensionsAsLong();
    long[] offset = new long[dims.length];
    offset[0] = index;
    int[] count = new int[dims.length];
    count[0] = 1;
    for (int i = 1; i < dims.length; i++) {
      count[i] = Math.toIntExact(dims[i]);
    }
    long[] shape = dims.clone();
    shape[0] = 1;
    try {
      Object data = ds.getData(offset, count);
      return JavaArrays.toNdArray(data, types.get(name), shape);
    } catch (RuntimeException | StackOverflowError | InternalError e) {
      throw new DatasetFormatException(file, "cannot read sample " + index + " of dataset '" + name + "' ("
          + describe(e) + ")", e);
    }
  }

  /** Every sample in order, read lazily. */
  @Override
  public Iterator<Map<String, NdArray>> iterator() {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < samples;
      }

      @Override
      public Map<String, NdArray> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return sample(next++);
      }
    };
  }

  /** The samples as an NNCF dataset (items are model inputs by name). */
  public dev.jvino.nncf.Dataset<Map<String, NdArray>> asDataset() {
    return dev.jvino.nncf.Dataset.of(this);
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    hdf.close();
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
