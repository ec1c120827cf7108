package dev.jvino.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CalibrationFit}: matching by parameter or tensor name, dynamic dimensions, typed errors. */
class CalibrationFitTest {
  @TempDir Path dir;

  /** A model with one i64 input {@code input_ids} of shape {@code [?, ?]} whose tensor is also named {@code ids}. */
  private static Model tokens() {
    Node p = Ops.parameter("input_ids", ElementType.I64, PartialShape.of(List.of(Dimension.DYNAMIC, Dimension.DYNAMIC)));
    p.output().names().add("ids");
    return new Model("lm", List.of(p), List.of(Ops.result(Ops.relu(p.output()).output())));
  }

  private Path h5(String dataset, Object data) {
    Path f = dir.resolve(dataset + ".h5");
    try (WritableHdfFile w = HdfFile.write(f)) {
      w.putDataset(dataset, data);
    }
    return f;
  }

  @Test
  void aTensorNameMatchesAndDynamicDimensionsAcceptAnyLength() {
    try (Hdf5Samples s = Hdf5Samples.open(h5("ids", new long[4][6]))) {
      CalibrationFit.check(s, tokens()); // [1, 6] fits [?, ?]
    }
  }

  @Test
  void aRankMismatchNamesTheFileAndDataset() {
    Path f = h5("input_ids", new long[4][6][2]);
    try (Hdf5Samples s = Hdf5Samples.open(f)) {
      DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CalibrationFit.check(s, tokens()));
      assertEquals(f, e.file());
      assertEquals(f + ": dataset 'input_ids' gives samples of shape [1, 6, 2] but input 'input_ids' of model 'lm'"
          + " has shape [?,?]", e.getMessage());
    }
  }

  @Test
  void aMissingInputListsWhatTheFileHas() {
    Path f = h5("tokens", new long[2][6]);
    try (Hdf5Samples s = Hdf5Samples.open(f)) {
      DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CalibrationFit.check(s, tokens()));
      assertEquals(f + ": no dataset for model input 'input_ids' of model 'lm'; the file has datasets ['tokens'],"
          + " the model's inputs are ['input_ids']", e.getMessage());
    }
  }
}
