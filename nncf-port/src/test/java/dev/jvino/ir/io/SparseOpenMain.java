package dev.jvino.ir.io;

import dev.jvino.ir.Model;
import dev.jvino.ir.ModelSummary;
import dev.jvino.ir.WeightsFile;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a forked JVM with a small heap by {@link LazyWeightsTest}: creates a sparse 10 GiB
 * {@code .bin} and an IR with 100 constants spanning it, opens it, summarizes it, and prints the
 * bytes handed to constants and the resident-memory growth.
 */
public final class SparseOpenMain {
  private SparseOpenMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long total = 10L << 30;
    int n = 100;
    long each = total / n / 4 * 4;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<net name=\"big\" version=\"11\">\n<layers>\n");
    xml.append("<layer id=\"0\" name=\"x\" type=\"Parameter\" version=\"opset1\"><data shape=\"1,")
        .append(each / 4).append("\" element_type=\"f32\"/><output><port id=\"0\" precision=\"FP32\">")
        .append("<dim>1</dim><dim>").append(each / 4).append("</dim></port></output></layer>\n");
    int id = 1;
    int prev = 0;
    int prevPort = 0;
    StringBuilder edges = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = id++;
      xml.append("<layer id=\"").append(c).append("\" name=\"w").append(i)
          .append("\" type=\"Const\" version=\"opset1\"><data element_type=\"f32\" shape=\"1, ")
          .append(each / 4).append("\" offset=\"").append(i * each).append("\" size=\"").append(each)
          .append("\"/><output><port id=\"0\" precision=\"FP32\"><dim>1</dim><dim>").append(each / 4)
          .append("</dim></port></output></layer>\n");
      int a = id++;
      xml.append("<layer id=\"").append(a).append("\" name=\"add").append(i)
          .append("\" type=\"Add\" version=\"opset1\"><data auto_broadcast=\"numpy\"/><input>")
          .append(port(0, each / 4)).append(port(1, each / 4)).append("</input><output>")
          .append(port(2, each / 4)).append("</output></layer>\n");
      edges.append(edge(prev, prevPort, a, 0)).append(edge(c, 0, a, 1));
      prev = a;
      prevPort = 2;
    }
    int r = id;
    xml.append("<layer id=\"").append(r).append("\" name=\"out\" type=\"Result\" version=\"opset1\"><input>")
        .append(port(0, each / 4)).append("</input></layer>\n</layers>\n<edges>\n").append(edges)
        .append(edge(prev, prevPort, r, 0)).append("</edges>\n</net>\n");
    Path xmlPath = dir.resolve("big.xml");
    Files.writeString(xmlPath, xml);
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.bin").toFile(), "rw")) {
      f.setLength(total);
    }
    System.gc();
    long before = rssKb();
    long requestedBefore = WeightsFile.bytesRequested();
    Model m = IrReader.read(xmlPath);
    ModelSummary s = ModelSummary.of(m);
    String text = s.toText();
    long after = rssKb();
    System.out.println("ops=" + m.ops().size());
    System.out.println("weightBytes=" + s.weightBytes());
    System.out.println("requested=" + (WeightsFile.bytesRequested() - requestedBefore));
    System.out.println("rssGrowthKb=" + (after - before));
    System.out.println("summaryLines=" + text.lines().count());
  }

  private static String port(int id, long d) {
    return "<port id=\"" + id + "\" precision=\"FP32\"><dim>1</dim><dim>" + d + "</dim></port>";
  }

  private static String edge(int fl, int fp, int tl, int tp) {
    return "<edge from-layer=\"" + fl + "\" from-port=\"" + fp + "\" to-layer=\"" + tl
        + "\" to-port=\"" + tp + "\"/>\n";
  }

  private static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
