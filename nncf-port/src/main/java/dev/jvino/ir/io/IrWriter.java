package dev.jvino.ir.io;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.RtInfo;
import dev.jvino.ir.SubgraphBody;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Writes OpenVINO IR v11 following OpenVINO's own writer: layers numbered Parameters, ops in
 * topological order, sinks, Results; port ids numbered across inputs then outputs; IR type names
 * ({@code Const}, {@code ReLU}, {@code SoftMax}, {@code PReLU}) and precision names; tensor names
 * sorted with commas escaped; pugixml's layout. Output is deterministic for a given model.
 *
 * <p>Files are replaced safely: the {@code .bin} and {@code .xml} are written to temporary files in
 * the destination folder and renamed into place, and the {@code .xml} records the {@code .bin}'s size
 * and CRC32C (model rt_info {@code jvino_weights}), so {@link IrReader} detects a mismatched pair.
 * Two files cannot be replaced in one atomic step, so the order of the renames decides what a run
 * killed between them leaves: a new destination gets its {@code .bin} first (no {@code .xml} exists
 * until the pair is complete); an existing {@code .xml} is replaced first, so the only mixed state is
 * a new {@code .xml} next to the old {@code .bin}, which the new record always rejects (the old
 * {@code .xml} may be another tool's, without a record). Temporary files are deleted on
 * {@code Ctrl-C} ({@link TempFiles}). {@code TestHaltPoints} lets tests stop the JVM inside a write.
 */
public final class IrWriter {
  private static final System.Logger LOG = System.getLogger(IrWriter.class.getName());

  /** Which OpenVINO writer to reproduce. */
  public enum Style {
    /**
     * OpenVINO's writer before the 2026 rewrite ({@code src/core/src/pass/serialize.cpp}): layer ids
     * are positions in the topological order (so Parameters are numbered last-first), constants are
     * packed without padding, Results carry no {@code output_names}.
     */
    OPENVINO_2024,
    /**
     * OpenVINO 2026 ({@code src/core/src/xml_util}): layers numbered in the order they are written,
     * constants padded to their element size, {@code output_names} on Results.
     */
    OPENVINO_2026
  }

  /**
   * Writer options.
   *
   * @param compressToF16 store f32 constants as f16 + Convert ({@link Models#compressToF16}) on a
   *     copy of the model, as {@code ov.save_model} does by default
   * @param style the OpenVINO writer to reproduce
   * @param recordWeights record the {@code .bin}'s size and CRC32C in the {@code .xml}
   * @param deduplicate store identical constant blobs once
   */
  public record Options(boolean compressToF16, Style style, boolean recordWeights,
      boolean deduplicate) {
    /** No compression, 2026 layout, weights recorded, blobs de-duplicated. */
    public static final Options DEFAULT = new Options(false, Style.OPENVINO_2026, true, true);

    public Options withCompressToF16(boolean b) {
      return new Options(b, style, recordWeights, deduplicate);
    }

    public Options withStyle(Style s) {
      return new Options(compressToF16, s, recordWeights, deduplicate);
    }

    public Options withRecordWeights(boolean b) {
      return new Options(compressToF16, style, b, deduplicate);
    }
  }

  /**
   * A model serialized in memory: the {@code .xml} text and the weights, byte for byte what
   * {@link #write} would put in the two files with the same options.
   *
   * @param xml the {@code .xml} text (UTF-8)
   * @param weights the {@code .bin} bytes (read-only when they are a weights file's mapping)
   * @param zeroCopy whether {@code weights} is the memory the constants were read from (a weights
   *     file's mapping, or its prefix) rather than a new buffer: no weight byte was copied
   * @param bytesCopied how many constant bytes were copied into a new buffer (0 when
   *     {@code zeroCopy}; otherwise each distinct constant's bytes, once)
   */
  public record Serialized(byte[] xml, MemorySegment weights, boolean zeroCopy, long bytesCopied) {}

  private final Options options;
  private final BinPlan plan;

  private IrWriter(Options options) {
    this.options = options;
    this.plan = new BinPlan(options.style() == Style.OPENVINO_2026, options.deduplicate());
  }

  /** Writes {@code model.xml} and its sibling {@code model.bin} with default options. */
  public static void write(Model model, Path xml) throws IOException {
    write(model, xml, null, Options.DEFAULT);
  }

  /**
   * Writes the IR to {@code xml} and {@code bin} (the sibling {@code .bin} when null).
   *
   * @throws IOException if a file cannot be written; no destination file is touched then
   * @throws InvalidGraphException if the model holds something the IR cannot carry (u2/u3/u6)
   */
  public static void write(Model model, Path xml, @Nullable Path bin, Options options)
      throws IOException {
    Path binPath = bin != null ? bin : IrReader.siblingBin(xml);
    Path dir = xml.toAbsolutePath().getParent();
    Path binDir = binPath.toAbsolutePath().getParent();
    checkDestination(xml, binPath);
    IrWriter w = new IrWriter(options);
    XmlOut net;
    try {
      net = w.net(options.compressToF16() ? compressedCopy(model) : model);
    } catch (InternalError e) {
      throw w.plan.readFault(e);
    }
    Path binTmp = TempFiles.register(
        readableByAll(Files.createTempFile(binDir, "." + binPath.getFileName(), ".tmp")));
    Path xmlTmp = null;
    try {
      TestHaltPoints.reach(TestHaltPoints.Point.BEFORE_FIRST_BYTE);
      String crc;
      try (FileChannel ch = channels.open(binTmp)) {
        crc = w.writeBin(ch);
      } catch (InternalError e) {
        throw w.plan.readFault(e);
      } catch (IOException e) {
        throw writeFailed(binPath, binTmp, e);
      }
      w.record(net, crc);
      byte[] text = net.document().getBytes(StandardCharsets.UTF_8);
      xmlTmp = TempFiles.register(readableByAll(Files.createTempFile(dir, "." + xml.getFileName(), ".tmp")));
      try (FileChannel ch = channels.open(xmlTmp)) {
        writeFully(ch, ByteBuffer.wrap(text));
      } catch (IOException e) {
        throw writeFailed(xml, xmlTmp, e);
      }
      Path finishedXml = xmlTmp;
      boolean replacing = Files.exists(xml, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      TempFiles.commit(() -> {
        if (replacing) {
          move(finishedXml, xml);
          TestHaltPoints.reach(TestHaltPoints.Point.BETWEEN_RENAMES);
          move(binTmp, binPath);
        } else {
          move(binTmp, binPath);
          TestHaltPoints.reach(TestHaltPoints.Point.BETWEEN_RENAMES);
          move(finishedXml, xml);
        }
      });
    } finally {
      Files.deleteIfExists(binTmp);
      TempFiles.unregister(binTmp);
      if (xmlTmp != null) {
        Files.deleteIfExists(xmlTmp);
        TempFiles.unregister(xmlTmp);
      }
    }
  }

  /** Opens a temporary file for writing; tests replace it to inject failing channels. */
  @FunctionalInterface
  interface ChannelOpener {
    FileChannel open(Path tmp) throws IOException;
  }

  static final ChannelOpener FILE_CHANNELS =
      tmp -> FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);

  /** How temporary files are opened (package-private seam for failure-injection tests). */
  static volatile ChannelOpener channels = FILE_CHANNELS;

  private static IOException writeFailed(Path dest, Path tmp, IOException e) {
    java.nio.file.FileSystemException f = new java.nio.file.FileSystemException(dest.toString(),
        tmp.toString(), "writing the temporary file failed, the destination was not touched: "
        + e.getMessage());
    f.initCause(e);
    return f;
  }

  /**
   * Checks the destination of {@link #write} before any work: refuses an {@code .xml} or {@code .bin}
   * path that exists but is not a regular file (a device such as {@code /dev/full},
   * a pipe, a folder): the writer replaces destinations by renaming, which would replace the device
   * node itself. A symbolic link is replaced by the new file; its target is never written.
   */
  public static void checkDestination(Path xml, @Nullable Path bin) throws IOException {
    checkDestination(xml);
    checkDestination(bin != null ? bin : IrReader.siblingBin(xml));
  }

  private static void checkDestination(Path p) throws IOException {
    if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p)
        && !Files.isSymbolicLink(p)) {
      throw new java.nio.file.FileSystemException(p.toString(), null,
          "the destination exists and is not a regular file (a folder, device or pipe); IR files"
          + " are written as new regular files");
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Serializes in memory, for handing a model to OpenVINO without files
   * ({@code Core.readModel(xml, weights)}).
   *
   * <p>The weights are not copied when the model's constants all still read one weights file (as
   * {@link IrReader} left them: not replaced, not compressed) at the offsets this writer would give
   * them, with zero padding between them: {@link Serialized#weights()} is then that file's mapping
   * ({@link dev.jvino.ir.WeightsFile#mapping()}), or its first bytes. Otherwise one buffer of the
   * planned size is allocated and each distinct constant is copied into it once. Either way the
   * bytes equal the {@code .bin} {@link #write} produces. Reading the weights for the de-duplication
   * hashes and the recorded CRC32C ({@link Options#recordWeights}) touches their pages but copies
   * nothing.
   */
  public static Serialized serialize(Model model, Options options) {
    IrWriter w = new IrWriter(options);
    try {
      return serialize(w, model, options);
    } catch (InternalError e) {
      throw w.plan.readFault(e);
    }
  }

  private static Serialized serialize(IrWriter w, Model model, Options options) {
    XmlOut net = w.net(options.compressToF16() ? compressedCopy(model) : model);
    MemorySegment bin = w.plan.existingBytes();
    boolean zeroCopy = bin != null || w.plan.size() == 0;
    long copied = 0;
    if (bin == null) {
      bin = w.plan.size() == 0 ? MemorySegment.ofArray(new byte[0])
          : Arena.ofAuto().allocate(w.plan.size(), 64);
      for (BinPlan.Piece p : w.plan.pieces()) {
        MemorySegment.copy(p.data(), 0, bin, p.offset(), p.size());
        copied += p.size();
      }
    }
    if (options.recordWeights()) {
      w.record(net, IrReader.crc32c(bin));
    }
    LOG.log(System.Logger.Level.DEBUG, () -> "serialized '" + model.name() + "': "
        + w.plan.size() + " weight bytes, " + (zeroCopy ? "not copied" : "copied once"));
    return new Serialized(net.document().getBytes(StandardCharsets.UTF_8), bin, zeroCopy, copied);
  }

  private static Model compressedCopy(Model model) {
    Model copy = Models.copy(model);
    Models.compressToF16(copy);
    return copy;
  }

  private void record(XmlOut net, String crc) {
    if (!options.recordWeights()) {
      return;
    }
    XmlOut rt = net.children.get(net.children.size() - 1);
    XmlOut rec = rt.child(IrReader.WEIGHTS_RECORD);
    rec.child("size").attr("value", plan.size());
    rec.child("crc32c").attr("value", crc);
  }

  private String writeBin(FileChannel ch) throws IOException {
    CRC32C crc = new CRC32C();
    SafeCopy safe = new SafeCopy(plan.size());
    long pos = 0;
    for (BinPlan.Piece p : plan.pieces()) {
      if (p.offset() > pos) {
        ByteBuffer zeros = ByteBuffer.allocate((int) (p.offset() - pos));
        crc.update(zeros.duplicate());
        writeFully(ch, zeros);
      }
      if (p.source() != null) {
        p.source().file().checkIntact("its bytes for the new weights file");
      }
      safe.copy(p.data(), crc, ch); // through a copy: a shrunk mapped .bin must not crash the JVM
      pos = p.offset() + p.size();
      if (TestHaltPoints.armed() && pos * 2 >= plan.size() && pos < plan.size()) {
        TestHaltPoints.reach(TestHaltPoints.Point.MID_BIN);
      }
    }
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private XmlOut net(Model m) {
    XmlOut net = new XmlOut("net");
    String name = m.name();
    if (36 + name.length() * 6 + 16 > 512) {
      net.attr("version", 11).attr("name", name); // keep the version inside the 512-byte probe
    } else {
      net.attr("name", name).attr("version", 11);
    }
    graph(net, m);
    return net;
  }

  /** Appends layers, edges and rt_info of {@code m} to {@code parent}; returns the layer ids. */
  private Map<Node, Integer> graph(XmlOut parent, Model m) {
    List<Node> order = new ArrayList<>(m.parameters());
    for (Node n : m.ops()) {
      if (!n.is("Parameter") && !n.is("Result") && !m.sinks().contains(n)) {
        order.add(n);
      }
    }
    order.addAll(m.sinks());
    order.addAll(m.results());
    Map<Node, Integer> ids = new IdentityHashMap<>();
    boolean legacy = options.style() == Style.OPENVINO_2024;
    List<Node> numbering = legacy ? m.ops() : order;
    for (Node n : numbering) {
      ids.put(n, ids.size());
    }
    XmlOut layers = parent.child("layers");
    for (Node n : order) {
      layers.add(layer(n, ids.get(n)));
    }
    List<long[]> edges = new ArrayList<>();
    for (Node n : numbering) {
      if (n.is("Parameter")) {
        continue;
      }
      for (Input in : n.inputs()) {
        Output src = in.source();
        Integer from = ids.get(src.node());
        if (from == null) {
          throw new InvalidGraphException(n + " reads " + src.node() + ", which is not in the model");
        }
        edges.add(new long[] {from, src.node().inputs().size() + src.index(), ids.get(n), in.index()});
      }
    }
    edges.sort(Comparator.comparingLong(e -> e[0]));
    XmlOut ex = parent.child("edges");
    for (long[] e : edges) {
      ex.child("edge").attr("from-layer", e[0]).attr("from-port", e[1]).attr("to-layer", e[2])
          .attr("to-port", e[3]);
    }
    rtInfo(parent.child("rt_info"), m.rtInfo());
    return ids;
  }

  private static void rtInfo(XmlOut into, RtInfo rt) {
    for (RtInfo.Entry e : rt.entries()) {
      into.add(entry(e));
    }
  }

  private static XmlOut entry(RtInfo.Entry e) {
    XmlOut x = new XmlOut(e.tag()).attrs(e.attributes());
    for (RtInfo.Entry c : e.children()) {
      x.add(entry(c));
    }
    return x;
  }

  private XmlOut layer(Node n, int id) {
    XmlOut layer = new XmlOut("layer").attr("id", id).attr("name", n.name())
        .attr("type", IrNames.irType(n.type())).attr("version", n.version());
    if (n.is("Result") && options.style() == Style.OPENVINO_2026 && !n.inputs().isEmpty()
        && !n.input(0).source().names().isEmpty()) {
      layer.attr("output_names", IrNames.joinNames(n.input(0).source().names()));
    }
    XmlOut data = new XmlOut("data");
    if (n.is("Constant")) {
      constantData(n, data);
    } else {
      data.attrs(n.attributes().asMap());
    }
    XmlOut rt = new XmlOut("rt_info");
    rtInfo(rt, n.rtInfo());
    XmlOut input = null;
    if (!n.inputs().isEmpty()) {
      input = new XmlOut("input");
      for (Input in : n.inputs()) {
        XmlOut port = input.child("port").attr("id", in.index())
            .attr("precision", IrNames.precision(in.elementType()));
        dims(port, in.shape());
        XmlOut prt = new XmlOut("rt_info");
        rtInfo(prt, in.rtInfo());
        if (!prt.children.isEmpty()) {
          port.add(prt);
        }
      }
    }
    XmlOut output = null;
    if (!n.outputs().isEmpty() && !n.is("Result")) {
      output = new XmlOut("output");
      int base = n.inputs().size();
      for (Output o : n.outputs()) {
        XmlOut port = output.child("port").attr("id", base + o.index())
            .attr("precision", IrNames.precision(o.elementType()));
        if (!o.names().isEmpty()) {
          port.attr("names", IrNames.joinNames(o.names()));
        }
        dims(port, o.shape());
        XmlOut prt = new XmlOut("rt_info");
        rtInfo(prt, o.rtInfo());
        if (!prt.children.isEmpty()) {
          port.add(prt);
        }
      }
    }
    boolean loopLike = n.is("Loop") || n.is("TensorIterator");
    if (loopLike) {
      addIf(layer, input);
      addIf(layer, output);
    }
    if (!data.attrs.isEmpty()) {
      layer.add(data);
    }
    if (!rt.children.isEmpty()) {
      layer.add(rt);
    }
    if (!loopLike) {
      addIf(layer, input);
      addIf(layer, output);
    }
    if (!n.bodies().isEmpty()) {
      bodies(n, layer);
    }
    return layer;
  }

  private static void addIf(XmlOut layer, @Nullable XmlOut child) {
    if (child != null) {
      layer.add(child);
    }
  }

  private void bodies(Node n, XmlOut layer) {
    List<XmlOut> front = new ArrayList<>();
    for (SubgraphBody b : n.bodies()) {
      XmlOut body = layer.child(b.bodyTag());
      Map<Node, Integer> ids = graph(body, b.body());
      XmlOut pm = new XmlOut(b.portMapTag());
      for (SubgraphBody.PortMapping p : b.portMap()) {
        XmlOut e = pm.child(p.isInput() ? "input" : "output");
        Integer internal = ids.get(p.internal());
        if (internal == null) {
          throw new InvalidGraphException(n + ": port map refers to a node outside its body");
        }
        boolean hasExt = p.extra().containsKey("external_port_id");
        if (!hasExt && p.extra().containsKey("axis")) {
          e.attr("axis", p.extra().get("axis"));
        }
        if (!hasExt) {
          e.attr("external_port_id", p.externalPort()).attr("internal_layer_id", internal);
        }
        for (Map.Entry<String, String> a : p.extra().entrySet()) {
          switch (a.getKey()) {
            case "external_port_id" -> e.attr("external_port_id", p.externalPort());
            case "internal_layer_id" -> e.attr("internal_layer_id", internal);
            case "axis" -> {
              if (hasExt) {
                e.attr("axis", a.getValue());
              }
            }
            default -> e.attr(a.getKey(), a.getValue());
          }
        }
      }
      XmlOut be = null;
      if (!b.backEdges().isEmpty()) {
        be = new XmlOut("back_edges");
        for (SubgraphBody.BackEdge edge : b.backEdges()) {
          XmlOut x = be.child("edge").attr("from-layer", ids.get(edge.from()));
          if (edge.fromPort() >= 0) {
            x.attr("from-port", edge.fromPort());
          }
          x.attr("to-layer", ids.get(edge.to()));
          if (edge.toPort() >= 0) {
            x.attr("to-port", edge.toPort());
          }
        }
      }
      front.add(0, pm);
      if (be != null) {
        front.add(1, be);
      }
    }
    layer.children.addAll(0, front);
  }

  private void constantData(Node n, XmlOut data) {
    ConstantData c = n.constantData();
    ElementType t = c.elementType();
    if (t == ElementType.U2 || t == ElementType.U3 || t == ElementType.U6) {
      throw new InvalidGraphException(n + ": jvino does not write " + t
          + " constants (their bit packing differs between OpenVINO releases)");
    }
    long offset = plan.place(c);
    long[] shape = c.shape();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    data.attr("element_type", t.irName()).attr("shape", sb.toString()).attr("offset", offset)
        .attr("size", c.byteSize());
  }

  private static void dims(XmlOut port, PartialShape s) {
    if (!s.isRankStatic()) {
      return;
    }
    for (var d : s.dims()) {
      port.child("dim").text = d.isStatic() ? Long.toString(d.length()) : "-1";
    }
  }

  /**
   * Temporary files are created owner-only; the finished IR gets the permissions of an ordinary
   * file ({@code rw-r--r--}, as OpenVINO's own writer leaves them), where the file system has them.
   */
  private static Path readableByAll(Path tmp) throws IOException {
    if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    return tmp;
  }
}
