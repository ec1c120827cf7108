package perf;

import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: {@code IrReader.read} of the many-layer chain ({@code IrBench.open}'s model) beside a plain
 * StAX pass over the same {@code .xml}, so the ratio comes from one run. See README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpenBench {
  @Param({"2000"})
  public int layers;

  private Path dir;
  private Path xml;

  @Setup
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("jvino-openbench");
    xml = dir.resolve("layers.xml");
    IrWriter.write(OpenTiming.manyLayers(layers), xml);
  }

  @TearDown
  public void tearDown() throws Exception {
    Files.deleteIfExists(xml);
    Files.deleteIfExists(dir.resolve("layers.bin"));
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public Model open() {
    return IrReader.read(xml, null, new IrReader.Options(false, true));
  }

  @Benchmark
  public Path stax() throws Exception {
    OpenTiming.staxPass(xml);
    return xml;
  }
}
