package dev.jvino.bench;

import dev.jvino.ir.io.FileTrees;
import dev.jvino.ir.io.IrReader;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.compression.CompressionResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end {@code compress_weights}, file to file, on a generated LLM-shaped IR of about one billion
 * f16 parameters (18 layers, hidden 2048, MLP 5632, vocabulary 32000: 1.06 B parameters, a 2.1 GB .bin,
 * the TinyLlama-1.1B layout with fewer layers), beside {@link #copyBin}: a plain file copy of the same
 * .bin in the same run, so the compression time reads as a multiple of the copy time. The model is
 * generated once per trial (each fork) into a temporary folder and deleted after it; each invocation
 * reads the IR (its .bin memory-mapped), compresses every weight and writes the output IR with its .bin.
 * Single-shot: one invocation per iteration. Both benchmarks end by forcing what they wrote to the
 * device ({@code fsync}), so on a disk each time includes writing its output through. The folder is
 * {@link #folder()}: by default a RAM disk where there is one, because on this project's shared build
 * machine a disk-backed run is dominated by the disk (INT8_ASYM took 55 to 70 s there, mostly in
 * {@code write}), which would hide the compression's own cost.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class CompressWeights1BBench {
  static final int LAYERS = 18;
  static final int HIDDEN = 2048;
  static final int INTERMEDIATE = 5632;
  static final int VOCAB = 32000;

  /** The generated model and the files the benchmarks write. */
  @State(Scope.Benchmark)
  public static class ModelFiles {
    Path dir;
    Path xml;
    Path bin;
    Path outXml;
    Path copy;
    long parameters;

    @Setup(Level.Trial)
    public void generate() throws IOException {
      dir = Files.createTempDirectory(folder(), "jvino-compress1b");
      System.out.println("CompressWeights1BBench: model and outputs in " + dir);
      xml = dir.resolve("llm1b.xml");
      PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
      parameters = LargeModelGenerator.generate(xml, LAYERS, HIDDEN, INTERMEDIATE, VOCAB, quiet);
      bin = IrReader.siblingBin(xml);
      sync(bin);
      outXml = dir.resolve("compressed.xml");
      copy = dir.resolve("copy.bin");
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      FileTrees.delete(dir);
    }
  }

  /** The compression mode. */
  @State(Scope.Benchmark)
  public static class Modes {
    @Param({"int4_sym", "int8_asym"})
    public String mode;

    CompressWeightsOptions options;

    @Setup(Level.Trial)
    public void setUp() {
      options = CompressWeightsOptions.builder().mode(CompressWeightsMode.fromValue(mode)).build();
    }
  }

  /** NNCF's defaults for the mode (INT4_SYM: group 128, ratio 1, INT8_ASYM backup for embeddings and lm_head). */
  @Benchmark
  public CompressionResult compressWeights(ModelFiles f, Modes m) throws IOException {
    CompressionResult r = Nncf.compressWeights(f.xml, f.outXml, m.options);
    sync(f.outXml);
    sync(IrReader.siblingBin(f.outXml));
    return r;
  }

  @Benchmark
  public Path copyBin(ModelFiles f) throws IOException {
    Path p = Files.copy(f.bin, f.copy, StandardCopyOption.REPLACE_EXISTING);
    sync(p);
    return p;
  }

  /**
   * Where the model is generated: {@code -Djvino.bench.dir=DIR} if set, else {@code /dev/shm} when it is a
   * writable folder with at least 8 GB free (a RAM disk: the times are then jvino's work, not the disk's),
   * else {@code java.io.tmpdir}.
   */
  static Path folder() throws IOException {
    String chosen = System.getProperty("jvino.bench.dir");
    if (chosen != null) {
      return Files.createDirectories(Path.of(chosen));
    }
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() >= 8L << 30) {
      return shm;
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Forces {@code file}'s data and metadata to the device. */
  static void sync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }
}
