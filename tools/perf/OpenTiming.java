package perf;
import dev.jvino.ir.*;
import dev.jvino.ir.io.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;
import javax.xml.stream.*;

public class OpenTiming {
  public static void main(String[] a) throws Exception {
    int layers = a.length > 0 ? Integer.parseInt(a[0]) : 2000;
    int iters = a.length > 1 ? Integer.parseInt(a[1]) : 15;
    String mode = a.length > 2 ? a[2] : "both";
    Path dir = Files.createTempDirectory("irperf");
    Path xml = dir.resolve("layers.xml");
    IrWriter.write(manyLayers(layers), xml);
    System.out.println("xml bytes " + Files.size(xml));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { try { for (Path q : List.of(xml, dir.resolve("layers.bin"), dir)) Files.deleteIfExists(q); } catch (IOException e) { } }));
    long[] stax = new long[iters], open = new long[iters], staxCpu = new long[iters], openCpu = new long[iters], staxAlloc = new long[iters], openAlloc = new long[iters];
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int w = 0; w < 2; w++) {
      for (int i = 0; i < iters; i++) {
        if (!mode.equals("open")) { long al = mx.getCurrentThreadAllocatedBytes(); long c = mx.getCurrentThreadCpuTime(); long t = System.nanoTime(); staxPass(xml); stax[i] = System.nanoTime() - t; staxCpu[i] = mx.getCurrentThreadCpuTime() - c; staxAlloc[i] = mx.getCurrentThreadAllocatedBytes() - al; }
        if (!mode.equals("stax")) { long al = mx.getCurrentThreadAllocatedBytes(); long c = mx.getCurrentThreadCpuTime(); long t = System.nanoTime(); Model m = IrReader.read(xml, null, new IrReader.Options(false, true)); open[i] = System.nanoTime() - t; openCpu[i] = mx.getCurrentThreadCpuTime() - c; openAlloc[i] = mx.getCurrentThreadAllocatedBytes() - al; if (m.ops().size() < layers) throw new AssertionError(); }
      }
    }
    for (long[] x : new long[][] {stax, open, staxCpu, openCpu, staxAlloc, openAlloc}) Arrays.sort(x);
    System.out.printf("thread-cpu median: stax %.1f ms, open %.1f ms, ratio %.2f%n", staxCpu[iters/2]/1e6, openCpu[iters/2]/1e6, (double) openCpu[iters/2]/Math.max(1, staxCpu[iters/2]));
    System.out.printf("allocated median: stax %.1f MB, open %.1f MB%n", staxAlloc[iters/2]/1e6, openAlloc[iters/2]/1e6);
    System.out.printf("stax median %.1f ms min %.1f ms%n", stax[iters/2]/1e6, stax[0]/1e6);
    System.out.printf("open median %.1f ms min %.1f ms  ratio(median) %.2f%n", open[iters/2]/1e6, open[0]/1e6, (double)open[iters/2]/Math.max(1,stax[iters/2]));
  }
  static int sink;
  public static void staxPass(Path xml) throws Exception {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (InputStream in = Files.newInputStream(xml)) {
      XMLStreamReader r = f.createXMLStreamReader(in);
      int n = 0;
      while (r.hasNext()) { if (r.next() == XMLStreamConstants.START_ELEMENT) { n += r.getAttributeCount(); for (int i = 0; i < r.getAttributeCount(); i++) n += r.getAttributeValue(i).length(); } }
      sink += n; r.close();
    }
  }
  public static Model manyLayers(int n) {
    SplittableRandom random = new SplittableRandom(1);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 64));
    Output h = x.output();
    for (int i = 0; i < n; i++) {
      Output w = Ops.constant("w" + i, ConstantData.ofFloats(ElementType.F32, new long[] {64, 64}, floats(random, 64 * 64))).output();
      Output b = Ops.constant("b" + i, ConstantData.ofFloats(ElementType.F32, new long[] {64}, floats(random, 64))).output();
      h = Ops.add(Ops.matMul(h, w, false, false).output(), b).output();
    }
    return new Model("layers", List.of(x), List.of(Ops.result(h)));
  }
  static float[] floats(SplittableRandom random, int n) { float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian(); return v; }
}
