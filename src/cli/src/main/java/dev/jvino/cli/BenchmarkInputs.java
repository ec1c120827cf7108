package dev.jvino.cli;

import dev.jvino.data.Hdf5Samples;
import dev.jvino.data.TokenSamples;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.PartialShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The inputs {@code jvino benchmark} feeds a model: read from HDF5, token prompts, or seeded random values. */
final class BenchmarkInputs {
  private static final Set<String> TOKEN_INPUTS = Set.of("input_ids", "attention_mask", "position_ids", "beam_idx");
  /** Prompt length for token models when no shape names one. */
  static final int DEFAULT_PROMPT = 8;

  private BenchmarkInputs() {}

  /**
   * Parses {@code name[1,3,224,224],other[1,8]} (or one unnamed {@code [1,3,224,224]} for a single-input
   * model) into shapes by input name; the unnamed shape is keyed by {@code ""}.
   */
  static Map<String, long[]> parseShapes(String text) {
    Map<String, long[]> out = new LinkedHashMap<>();
    String rest = text.strip();
    while (!rest.isEmpty()) {
      int open = rest.indexOf('[');
      int close = rest.indexOf(']');
      if (open < 0 || close < open) {
        throw new IllegalArgumentException("bad shape list '" + text + "': expected name[d0,d1,...],...");
      }
      String name = rest.substring(0, open).strip();
      String dims = rest.substring(open + 1, close).strip();
      String[] parts = dims.isEmpty() ? new String[0] : dims.split(",");
      long[] shape = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          shape[i] = Long.parseLong(parts[i].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad dimension '" + parts[i].strip() + "' in shape of '" + name
              + "' in '" + text + "': shapes must be static numbers");
        }
        if (shape[i] < 0) {
          throw new IllegalArgumentException("negative dimension in shape of '" + name + "' in '" + text + "'");
        }
      }
      if (out.put(name, shape) != null) {
        throw new IllegalArgumentException("input '" + name + "' given twice in '" + text + "'");
      }
      rest = rest.substring(close + 1).strip();
      if (rest.startsWith(",")) {
        rest = rest.substring(1).strip();
      }
    }
    return out;
  }

  /** Whether {@code model} looks like an LLM taking token ids (input_ids and only token-style inputs). */
  static boolean isTokenModel(Model model) {
    Set<String> names = inputNames(model);
    return names.contains("input_ids") && TOKEN_INPUTS.containsAll(names);
  }

  private static Set<String> inputNames(Model model) {
    Set<String> names = new HashSet<>();
    for (Node p : model.parameters()) {
      names.add(name(p));
    }
    return names;
  }

  /** The name used for {@code p} in shapes and inputs: its first tensor name, else its friendly name. */
  static String name(Node p) {
    return p.output().names().isEmpty() ? p.name() : p.output().names().iterator().next();
  }

  /** The samples in {@code file}, each keyed by input name. */
  static List<Map<String, NdArray>> fromHdf5(Path file, Model model) {
    List<Map<String, NdArray>> out = new ArrayList<>();
    try (Hdf5Samples samples = Hdf5Samples.open(file)) {
      if (samples.size() == 0) {
        throw new IllegalArgumentException(file + ": no samples");
      }
      if (isTokenModel(model) && !samples.names().containsAll(inputNames(model))) {
        out.addAll(TokenSamples.fromHdf5(samples, inputNames(model)));
      } else {
        for (Map<String, NdArray> s : samples) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /**
   * One sample of seeded random values: shapes from {@code shapes} (by input name, or {@code ""} for a
   * single-input model), else the model's static shape; {@code batch > 0} replaces the first dimension.
   */
  static Map<String, NdArray> random(Model model, Map<String, long[]> shapes, int batch, long seed) {
    Random random = new Random(seed);
    Map<String, NdArray> out = new LinkedHashMap<>();
    if (isTokenModel(model)) {
      if (batch > 1) {
        throw new IllegalArgumentException("-b " + batch + ": token inputs are one prompt [1, length]; set the"
            + " prompt length with -shape input_ids[1,LENGTH]");
      }
      for (var e : shapes.entrySet()) {
        if (!e.getKey().equals("input_ids") || e.getValue().length != 2 || e.getValue()[0] != 1) {
          throw new IllegalArgumentException("token models take only -shape input_ids[1,LENGTH], got '" + e.getKey()
              + "' " + java.util.Arrays.toString(e.getValue()));
        }
      }
      long[] ids = shapes.containsKey("input_ids") ? shapes.get("input_ids") : null;
      int length = ids == null ? DEFAULT_PROMPT : (int) ids[ids.length - 1];
      long[] tokens = new long[length];
      for (int i = 0; i < length; i++) {
        tokens[i] = random.nextInt(32); // small ids: the vocabulary size is not part of the IR's inputs
      }
      return TokenSamples.forTokens(tokens, inputNames(model));
    }
    Set<String> known = new HashSet<>(shapes.keySet());
    for (Node p : model.parameters()) {
      String name = name(p);
      long[] shape = shapes.get(name);
      if (shape == null) {
        shape = shapes.get(p.name());
      }
      if (shape == null && model.parameters().size() == 1) {
        shape = shapes.get("");
      }
      known.remove(name);
      known.remove(p.name());
      PartialShape ps = p.output().shape();
      if (shape == null) {
        shape = staticShape(name, ps, batch);
      } else if (batch > 0 && shape.length > 0) {
        shape = shape.clone();
        shape[0] = batch;
      }
      if (!ps.compatible(PartialShape.of(shape))) {
        throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " does not fit input '"
            + name + "' " + ps);
      }
      out.put(name, fill(p.output().elementType(), shape, random, name));
    }
    known.remove("");
    if (!known.isEmpty()) {
      throw new IllegalArgumentException("-shape/-data_shape names unknown inputs " + known + "; inputs are "
          + inputNames(model));
    }
    return out;
  }

  private static long[] staticShape(String name, PartialShape ps, int batch) {
    if (!ps.isRankStatic()) {
      throw new IllegalArgumentException("input '" + name + "' has a dynamic rank; give its shape with -shape or"
          + " -data_shape, e.g. " + name + "[1,3,224,224]");
    }
    long[] shape = new long[ps.rank()];
    for (int d = 0; d < shape.length; d++) {
      Dimension dim = ps.get(d);
      if (d == 0 && batch > 0) {
        shape[d] = batch;
      } else if (dim.isStatic()) {
        shape[d] = dim.length();
      } else {
        throw new IllegalArgumentException("input '" + name + "' has dynamic shape " + ps + "; give its shape with"
            + " -shape or -data_shape (and -b for the batch)");
      }
    }
    return shape;
  }

  private static NdArray fill(ElementType type, long[] shape, Random random, String name) {
    int n = Math.toIntExact(PartialShape.elementCount(shape));
    if (!Storage.supports(type)) {
      throw new IllegalArgumentException("input '" + name + "' has element type " + type
          + ", which random inputs do not cover; give inputs with -i");
    }
    return switch (Storage.of(type)) {
      case FLOAT -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = random.nextFloat();
        }
        yield NdArray.ofFloats(type, shape, v);
      }
      case DOUBLE -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = random.nextDouble();
        }
        yield NdArray.ofDoubles(shape, v);
      }
      case LONG -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = random.nextInt(type.bitWidth() < 4 ? 2 : 10);
        }
        yield NdArray.ofLongs(type, shape, v);
      }
      case BOOL -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = random.nextBoolean();
        }
        yield NdArray.ofBooleans(shape, v);
      }
    };
  }
}
