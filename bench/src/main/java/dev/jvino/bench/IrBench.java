package dev.jvino.bench;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.FileTrees;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * IR reading and writing. {@link #open} reads a many-layer IR (constants stay in the mapped .bin, as
 * they are read lazily), beside {@link #staxBaseline}, a bare StAX pass over the same file; {@link #write} writes a model with {@code weightMiB} of f32 constants, beside
 * {@link #copyBin}, a plain file copy of the same .bin bytes in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class IrBench {
  @Param({"2000"})
  public int layers;

  @Param({"64"})
  public int weightMiB;

  private Path dir;
  private Path manyLayersXml;
  private Model heavy;
  private Path heavyBin;
  private Path writeTarget;
  private Path copyTarget;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("jvino-irbench");
    manyLayersXml = dir.resolve("layers.xml");
    IrWriter.write(manyLayers(layers), manyLayersXml);
    heavy = heavyModel(weightMiB);
    Path heavyXml = dir.resolve("heavy.xml");
    IrWriter.write(heavy, heavyXml);
    heavyBin = dir.resolve("heavy.bin");
    writeTarget = dir.resolve("out.xml");
    copyTarget = dir.resolve("copy.bin");
  }

  @TearDown
  public void tearDown() throws IOException {
    FileTrees.delete(dir);
  }

  @Benchmark
  public Model open() {
    return IrReader.read(manyLayersXml, null, new IrReader.Options(false, true));
  }

  /** A plain StAX pass over the same .xml, events only: the floor under {@link #open}. */
  @Benchmark
  public int staxBaseline() throws Exception {
    javax.xml.stream.XMLInputFactory f = javax.xml.stream.XMLInputFactory.newFactory();
    f.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
    int events = 0;
    try (var in = Files.newInputStream(manyLayersXml)) {
      javax.xml.stream.XMLStreamReader r = f.createXMLStreamReader(in, "UTF-8");
      while (r.hasNext()) {
        r.next();
        events++;
      }
      r.close();
    }
    return events;
  }

  @Benchmark
  public Path write() throws IOException {
    IrWriter.write(heavy, writeTarget, null, IrWriter.Options.DEFAULT.withRecordWeights(false));
    return writeTarget;
  }

  @Benchmark
  public Path copyBin() throws IOException {
    return Files.copy(heavyBin, copyTarget, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A chain of {@code n} MatMul+Add layers over [1, 64] with 64x64 weights. */
  static Model manyLayers(int n) {
    SplittableRandom random = new SplittableRandom(1);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 64));
    Output h = x.output();
    for (int i = 0; i < n; i++) {
      Output w = Ops.constant("w" + i, ConstantData.ofFloats(ElementType.F32, new long[] {64, 64}, floats(random, 64 * 64)))
          .output();
      Output b = Ops.constant("b" + i, ConstantData.ofFloats(ElementType.F32, new long[] {64}, floats(random, 64)))
          .output();
      h = Ops.add(Ops.matMul(h, w, false, false).output(), b).output();
    }
    return new Model("layers", List.of(x), List.of(Ops.result(h)));
  }

  /** Four MatMuls whose f32 weights add up to {@code mib} MiB. */
  static Model heavyModel(int mib) {
    SplittableRandom random = new SplittableRandom(2);
    int cols = 1024;
    int rows = mib * 1024 * 1024 / 4 / 4 / cols;
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, cols));
    Output h = x.output();
    for (int i = 0; i < 4; i++) {
      Output w = Ops.constant("w" + i, ConstantData.ofFloats(ElementType.F32, new long[] {rows, cols},
          floats(random, rows * cols))).output();
      h = Ops.matMul(h, w, false, true).output();
      h = Ops.reshape(Ops.matMul(h, w, false, false).output(), new long[] {1, cols}, false).output();
    }
    return new Model("heavy", List.of(x), List.of(Ops.result(h)));
  }

  private static float[] floats(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
