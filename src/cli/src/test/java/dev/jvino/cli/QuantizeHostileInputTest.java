package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.checksum.ChecksumUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino quantize} with hostile inputs: {@code --output} equal to {@code --input} (the input's
 * {@code .bin} is still mapped while the output replaces it) gives the same result as a separate output;
 * calibration files that do not fit the model (wrong input name, wrong sample shape, no samples) give a
 * one-line typed error naming the file and dataset, and nothing is written.
 */
class QuantizeHostileInputTest {
  @TempDir Path dir;
  Path input;
  byte[] inputXml;
  byte[] inputBin;

  @BeforeEach
  void writeModel() throws Exception {
    input = dir.resolve("cnn.xml");
    IrWriter.write(QuantizeCommandTest.cnn(), input);
    inputXml = Files.readAllBytes(input);
    inputBin = Files.readAllBytes(Sizes.bin(input));
  }

  private Path h5(String name, String dataset, float[][][][] data) throws Exception {
    Path f = dir.resolve(name);
    try (WritableHdfFile w = HdfFile.write(f)) {
      w.putDataset(dataset, data);
    }
    return f;
  }

  private MainTest.Run quantize(Path out, Path calibration) {
    return MainTest.run("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset", calibration.toString(),
        "--subset-size", "8", "--engine", "reference");
  }

  private List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> fakeQuantizes(Model m) {
    return m.nodesOfType("FakeQuantize").stream().map(Node::name).sorted().toList();
  }

  @Test
  void outputEqualToInputGivesTheSameResultAsASeparateOutput() throws Exception {
    Path calibration = h5("calib.h5", "x", QuantizeCommandTest.samples(8));
    Path separate = dir.resolve("separate.xml");
    MainTest.Run a = quantize(separate, calibration);
    assertEquals(Main.OK, a.code(), a.err());
    MainTest.Run b = quantize(input, calibration);
    assertEquals(Main.OK, b.code(), b.err());
    // the weights byte-identical to quantizing into another file: the mapped input was read intact
    // while the output replaced it (new files renamed over the old ones, whose pages stay valid)
    assertArrayEquals(Files.readAllBytes(Sizes.bin(separate)), Files.readAllBytes(Sizes.bin(input)));
    Model inPlace = IrReader.read(input);
    assertEquals(List.of("conv1/relu/fq_output_0", "x/fq_output_0"), fakeQuantizes(inPlace));
    assertEquals(fakeQuantizes(IrReader.read(separate)), fakeQuantizes(inPlace));
    assertEquals(List.of("calib.h5", "cnn.bin", "cnn.xml", "separate.bin", "separate.xml"), files(),
        "no temporary file left");
  }

  /** Runs with {@code calibration}, expects a one-line error containing {@code parts}, and no output. */
  private void rejected(Path calibration, String... parts) throws Exception {
    List<String> before = files();
    Path out = dir.resolve("out.xml");
    MainTest.Run r = quantize(out, calibration);
    assertEquals(Main.FAILURE, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("jvino: error: "), err);
    for (String p : parts) {
      assertTrue(err.contains(p), "'" + p + "' in: " + err);
    }
    assertEquals(before, files(), "nothing written");
    assertArrayEquals(inputXml, Files.readAllBytes(input));
    assertArrayEquals(inputBin, Files.readAllBytes(Sizes.bin(input)));
  }

  @Test
  void aDatasetNamedAfterNoInputIsATypedError() throws Exception {
    Path f = h5("wrong-name.h5", "pixels", QuantizeCommandTest.samples(4));
    rejected(f, f.toString(), "no dataset for model input 'x'", "'pixels'");
  }

  @Test
  void aSampleShapeThatDoesNotFitTheInputIsATypedError() throws Exception {
    Path f = h5("wrong-shape.h5", "x", new float[4][3][4][4]);
    rejected(f, f.toString(), "dataset 'x' gives samples of shape [1, 3, 4, 4]", "has shape [1,3,8,8]");
  }

  @Test
  void aDatasetWithoutSamplesIsATypedError() throws Exception {
    Path f = emptyDataset(h5("empty.h5", "x", new float[1][3][8][8]));
    try (HdfFile check = new HdfFile(f)) {
      assertArrayEquals(new int[] {0, 3, 8, 8}, check.getDatasetByPath("x").getDimensions(), "a valid empty dataset");
    }
    rejected(f, f.toString(), "dataset 'x' has no samples");
  }

  /**
   * jhdf cannot write a dataset with a zero-length axis (h5py can): rewrites the first dimension of the
   * file's only {@code [1, 3, 8, 8]} dataspace to 0 and recomputes its object header's checksum.
   */
  private static Path emptyDataset(Path f) throws Exception {
    byte[] b = Files.readAllBytes(f);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int dims = -1;
    for (int i = 0; i + 32 <= b.length; i++) {
      if (bb.getLong(i) == 1 && bb.getLong(i + 8) == 3 && bb.getLong(i + 16) == 8 && bb.getLong(i + 24) == 8) {
        assertEquals(-1, dims, "one dataspace");
        dims = i;
      }
    }
    assertTrue(dims > 0, "dataspace found");
    bb.putLong(dims, 0);
    int header = new String(b, StandardCharsets.ISO_8859_1).lastIndexOf("OHDR", dims); // version 2 object header
    int flags = b[header + 5] & 0xff;
    int pos = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
    int width = 1 << (flags & 3);
    long chunk = switch (width) {
      case 1 -> b[pos] & 0xff;
      case 2 -> bb.getShort(pos) & 0xffff;
      case 4 -> bb.getInt(pos) & 0xffffffffL;
      default -> bb.getLong(pos);
    };
    int end = Math.toIntExact(pos + width + chunk);
    bb.putInt(end, ChecksumUtils.checksum(Arrays.copyOfRange(b, header, end)));
    Files.write(f, b);
    return f;
  }

  @Test
  void aDatasetOfAnotherElementTypeIsATypedError() throws Exception {
    Path f = dir.resolve("doubles.h5");
    try (WritableHdfFile w = HdfFile.write(f)) {
      w.putDataset("x", new double[2][3][8][8]);
    }
    rejected(f, f.toString(), "dataset 'x' holds f64 values but input 'x' of model 'cnn' is f32");
  }

  @Test
  void aDatasetBesideTheInputsThatMatchesNoneIsATypedError() throws Exception {
    Path f = dir.resolve("extra.h5");
    try (WritableHdfFile w = HdfFile.write(f)) {
      w.putDataset("x", QuantizeCommandTest.samples(2));
      w.putDataset("mask", QuantizeCommandTest.samples(2));
    }
    rejected(f, f.toString(), "'mask'", "match no input of model 'cnn'");
  }
}
