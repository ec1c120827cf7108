package perf;

import com.sun.management.ThreadMXBean;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Diagnostic (not a benchmark): times {@code IrReader.read} of a many-layer IR against a plain StAX
 * pass over the same file, in wall time, thread CPU time and bytes allocated by the thread.
 * Arguments: layers (2000), iterations (15).
 */
public final class OpenTiming {
  private static int sink;

  private OpenTiming() {}

  public static void main(String[] args) throws Exception {
    int layers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int iters = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path dir = Files.createTempDirectory("irperf");
    Path xml = dir.resolve("layers.xml");
    try {
      IrWriter.write(manyLayers(layers), xml);
      System.out.println("xml bytes " + Files.size(xml));
      ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      long[][] stax = new long[3][iters];
      long[][] open = new long[3][iters];
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int i = 0; i < iters; i++) {
          measure(mx, stax, i, () -> staxPass(xml));
          measure(mx, open, i, () -> {
            Model m = IrReader.read(xml, null, new IrReader.Options(false, true));
            sink += m.parameters().size();
          });
        }
      }
      report("wall ms", stax[0], open[0], 1e6);
      report("thread cpu ms", stax[1], open[1], 1e6);
      report("allocated MB", stax[2], open[2], 1e6);
    } finally {
      Files.deleteIfExists(xml);
      Files.deleteIfExists(dir.resolve("layers.bin"));
      Files.deleteIfExists(dir);
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  private static void measure(ThreadMXBean mx, long[][] into, int i, Run r) throws Exception {
    long alloc = mx.getCurrentThreadAllocatedBytes();
    long cpu = mx.getCurrentThreadCpuTime();
    long t = System.nanoTime();
    r.run();
    into[0][i] = System.nanoTime() - t;
    into[1][i] = mx.getCurrentThreadCpuTime() - cpu;
    into[2][i] = mx.getCurrentThreadAllocatedBytes() - alloc;
  }

  private static void report(String what, long[] stax, long[] open, double unit) {
    Arrays.sort(stax);
    Arrays.sort(open);
    long s = stax[stax.length / 2];
    long o = open[open.length / 2];
    System.out.printf("%s (median): stax %.1f, open %.1f, ratio %.2f%n", what, s / unit, o / unit,
        (double) o / Math.max(1, s));
  }

  /** Reads every event and attribute value of {@code xml} with a default StAX parser. */
  static void staxPass(Path xml) throws Exception {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (InputStream in = Files.newInputStream(xml)) {
      XMLStreamReader r = f.createXMLStreamReader(in);
      int n = 0;
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          for (int i = 0; i < r.getAttributeCount(); i++) {
            n += r.getAttributeValue(i).length();
          }
        }
      }
      sink += n;
      r.close();
    }
  }

  /** The chain of {@code bench/.../IrBench.manyLayers}: n MatMul+Add layers over [1, 64]. */
  static Model manyLayers(int n) {
    SplittableRandom random = new SplittableRandom(1);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 64));
    Output h = x.output();
    for (int i = 0; i < n; i++) {
      Output w = Ops.constant("w" + i, ConstantData.ofFloats(ElementType.F32, new long[] {64, 64},
          floats(random, 64 * 64))).output();
      Output b = Ops.constant("b" + i, ConstantData.ofFloats(ElementType.F32, new long[] {64},
          floats(random, 64))).output();
      h = Ops.add(Ops.matMul(h, w, false, false).output(), b).output();
    }
    return new Model("layers", List.of(x), List.of(Ops.result(h)));
  }

  private static float[] floats(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
