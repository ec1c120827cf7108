package dev.jvino.bench;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a large LLM-shaped IR with f16 weights (each an f16 Constant, a Convert to f32 and a MatMul, as
 * an f16-compressed export stores them) for issue 6's scale run, without holding the weights in memory:
 * the random f16 values are generated into a memory-mapped scratch file, the model's constants are views
 * of it, and {@link IrWriter} streams them into the IR's .bin; the scratch file is then deleted.
 * Usage: {@code LargeModelGenerator OUT.xml [layers=32] [hidden=4096] [intermediate=11008] [vocab=32000]}
 * (the defaults give 13.5 GB of f16 weights, 6.7 billion parameters).
 */
public final class LargeModelGenerator {
  private LargeModelGenerator() {}

  public static void main(String[] args) throws IOException {
    Path xml = Path.of(args[0]);
    int layers = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    int inter = args.length > 3 ? Integer.parseInt(args[3]) : 11008;
    int vocab = args.length > 4 ? Integer.parseInt(args[4]) : 32000;
    generate(xml, layers, hidden, inter, vocab, System.out);
  }

  /**
   * Writes the LLM-shaped IR {@code xml} (and its .bin) with {@code layers} decoder layers, reporting
   * sizes and times on {@code log}.
   *
   * @return the number of f16 weight values (parameters) written
   */
  public static long generate(Path xml, int layers, int hidden, int inter, int vocab, java.io.PrintStream log)
      throws IOException {
    List<long[]> shapes = new ArrayList<>();
    shapes.add(new long[] {vocab, hidden});
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < 4; i++) {
        shapes.add(new long[] {hidden, hidden});
      }
      shapes.add(new long[] {inter, hidden});
      shapes.add(new long[] {inter, hidden});
      shapes.add(new long[] {hidden, inter});
    }
    shapes.add(new long[] {vocab, hidden});
    long total = 0;
    for (long[] s : shapes) {
      total += 2L * s[0] * s[1];
    }
    log.printf(Locale.ROOT, "%d weights, %.2f GB of f16%n", shapes.size(), total / 1e9);
    Path scratch = xml.resolveSibling(xml.getFileName() + ".scratch");
    long t0 = System.nanoTime();
    try (Arena arena = Arena.ofShared();
        FileChannel ch = FileChannel.open(scratch, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      MemorySegment all = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
      List<MemorySegment> views = new ArrayList<>();
      long offset = 0;
      long seed = 0x9E3779B97F4A7C15L;
      for (long[] s : shapes) {
        long bytes = 2L * s[0] * s[1];
        MemorySegment view = all.asSlice(offset, bytes);
        seed = fill(view, seed);
        views.add(view);
        offset += bytes;
      }
      log.printf(Locale.ROOT, "random weights generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      Model model = build(shapes, views, layers, hidden, inter, vocab);
      long t1 = System.nanoTime();
      IrWriter.write(model, xml, null, IrWriter.Options.DEFAULT.withRecordWeights(false));
      log.printf(Locale.ROOT, "wrote %s (%.2f GB .bin) in %.1f s%n", xml,
          Files.size(dev.jvino.ir.io.IrReader.siblingBin(xml)) / 1e9,
          (System.nanoTime() - t1) / 1e9);
    } finally {
      Files.deleteIfExists(scratch);
    }
    return total / 2;
  }

  /** Fills {@code view} with f16 values uniform in about [-0.06, 0.06] from a xorshift stream. */
  private static long fill(MemorySegment view, long seed) {
    long x = seed;
    long n = view.byteSize() / 8;
    for (long i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      // four f16 values: sign bit random, exponent 0x0A..0x0D (about 2^-5..2^-2 scaled down), random mantissa
      long v = x & 0x83FF_83FF_83FF_83FFL;
      v |= ((x >>> 10) & 0x0003_0003_0003_0003L) << 10 | 0x2800_2800_2800_2800L;
      view.set(ValueLayout.JAVA_LONG_UNALIGNED, i * 8, v);
    }
    return x;
  }

  private static Model build(List<long[]> shapes, List<MemorySegment> views, int layers, int hidden, int inter,
      int vocab) {
    int[] next = {0};
    java.util.function.Function<String, Output> weight = name -> {
      int i = next[0]++;
      Node c = Ops.constant(name, ConstantData.ofSegment(ElementType.F16, shapes.get(i), views.get(i)));
      return Ops.convert(c.output(), ElementType.F32).output();
    };
    Node ids = Ops.parameter("input_ids", ElementType.I64, PartialShape.dynamic(2));
    Node embed = Ops.gather(weight.apply("model.embed_tokens.weight"), ids.output(), 0, 0);
    embed.setName("model.embed_tokens/Gather");
    Output x = embed.output();
    String[] attn = {"q_proj", "k_proj", "v_proj", "o_proj"};
    for (int l = 0; l < layers; l++) {
      String p = "model.layers." + l;
      Output h = x;
      for (String a : attn) {
        h = linear(h, weight.apply(p + ".self_attn." + a + ".weight"), p + ".self_attn." + a);
      }
      x = Ops.add(x, h).output();
      Output gate = linear(x, weight.apply(p + ".mlp.gate_proj.weight"), p + ".mlp.gate_proj");
      Output up = linear(x, weight.apply(p + ".mlp.up_proj.weight"), p + ".mlp.up_proj");
      Output act = Ops.multiply(Ops.unary("Sigmoid", gate).output(), up).output();
      x = Ops.add(x, linear(act, weight.apply(p + ".mlp.down_proj.weight"), p + ".mlp.down_proj")).output();
    }
    Output logits = linear(x, weight.apply("lm_head.weight"), "lm_head");
    logits.names().add("logits");
    return new Model("jvino_scale_decoder", List.of(ids), List.of(Ops.result(logits)));
  }

  private static Output linear(Output x, Output w, String module) {
    Node mm = Ops.matMul(x, w, false, true);
    mm.setName(module + "/MatMul");
    return mm.output();
  }
}
