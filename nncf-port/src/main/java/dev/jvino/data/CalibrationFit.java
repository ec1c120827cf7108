package dev.jvino.data;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks, before any work is done, that an HDF5 calibration file fits a model's inputs: one dataset per
 * model input (matched by parameter name or tensor name), at least one sample, and a sample shape and
 * element type the input accepts. A file that does not fit fails here with a
 * {@link DatasetFormatException} naming the file and the dataset, instead of failing later inside an
 * inference with an error that names only the model.
 */
public final class CalibrationFit {
  private CalibrationFit() {}

  /**
   * @throws DatasetFormatException naming {@code samples.file()} and the offending dataset
   */
  public static void check(Hdf5Samples samples, Model model) {
    List<String> unused = new ArrayList<>(samples.names());
    List<String> inputNames = new ArrayList<>();
    for (Node p : model.parameters()) {
      inputNames.add(p.output().displayName());
    }
    for (Node p : model.parameters()) {
      String dataset = datasetFor(p, samples.names());
      String input = p.output().displayName();
      if (dataset == null) {
        throw new DatasetFormatException(samples.file(), "no dataset for model input '" + input + "' of model '"
            + model.name() + "'; the file has datasets " + quoted(samples.names()) + ", the model's inputs are "
            + quoted(inputNames));
      }
      unused.remove(dataset);
      if (samples.size() == 0) {
        throw new DatasetFormatException(samples.file(), "dataset '" + dataset + "' has no samples (its first"
            + " axis is 0); calibration needs at least one");
      }
      ElementType want = p.output().elementType();
      ElementType got = samples.elementType(dataset);
      if (want != ElementType.DYNAMIC && want != got) {
        throw new DatasetFormatException(samples.file(), "dataset '" + dataset + "' holds " + got + " values but"
            + " input '" + input + "' of model '" + model.name() + "' is " + want);
      }
      long[] shape = samples.sampleShape(dataset);
      if (!accepts(p.output().shape(), shape)) {
        throw new DatasetFormatException(samples.file(), "dataset '" + dataset + "' gives samples of shape "
            + Arrays.toString(shape) + " but input '" + input + "' of model '" + model.name() + "' has shape "
            + p.output().shape());
      }
    }
    if (!unused.isEmpty()) {
      throw new DatasetFormatException(samples.file(), "dataset(s) " + quoted(unused) + " match no input of model '"
          + model.name() + "'; its inputs are " + quoted(inputNames));
    }
  }

  private static @Nullable String datasetFor(Node parameter, List<String> datasets) {
    if (datasets.contains(parameter.name())) {
      return parameter.name();
    }
    for (String n : parameter.output().names()) {
      if (datasets.contains(n)) {
        return n;
      }
    }
    return null;
  }

  private static boolean accepts(PartialShape ps, long[] shape) {
    if (!ps.isRankStatic()) {
      return true;
    }
    if (ps.rank() != shape.length) {
      return false;
    }
    for (int d = 0; d < shape.length; d++) {
      if (!ps.get(d).accepts(shape[d])) {
        return false;
      }
    }
    return true;
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").toList().toString();
  }
}
