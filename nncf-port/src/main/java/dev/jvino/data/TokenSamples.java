package dev.jvino.data;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inputs for LLMs exported by optimum-intel, built from token ids: {@code input_ids},
 * {@code attention_mask} (ones), {@code position_ids} (0..n-1) and {@code beam_idx} ([0]), keeping only the
 * inputs the model has. Token ids come from an HDF5 file holding {@code input_ids} [N, L], padded, with
 * either {@code attention_mask} [N, L] (as tokenizers produce it; 1 marks a real token, left or right
 * padding) or {@code lengths} [N] (the first {@code lengths[i]} ids are real).
 */
public final class TokenSamples {
  private TokenSamples() {}

  /** The inputs of one prompt of {@code ids}, restricted to {@code modelInputs}. */
  public static Map<String, NdArray> forTokens(long[] ids, Set<String> modelInputs) {
    int n = ids.length;
    long[] positions = new long[n];
    long[] ones = new long[n];
    for (int i = 0; i < n; i++) {
      positions[i] = i;
      ones[i] = 1;
    }
    Map<String, NdArray> all = new LinkedHashMap<>();
    all.put("input_ids", NdArray.ofLongs(ElementType.I64, new long[] {1, n}, ids.clone()));
    all.put("attention_mask", NdArray.ofLongs(ElementType.I64, new long[] {1, n}, ones));
    all.put("position_ids", NdArray.ofLongs(ElementType.I64, new long[] {1, n}, positions));
    all.put("beam_idx", NdArray.ofLongs(ElementType.I32, new long[] {1}, new long[] {0}));
    all.keySet().retainAll(modelInputs);
    return all;
  }

  /**
   * The prompts stored in {@code samples}, each as model inputs.
   *
   * @throws DatasetFormatException if {@code input_ids} is missing or not 2-D integers, or the mask or
   *     lengths do not fit it
   */
  public static List<Map<String, NdArray>> fromHdf5(Hdf5Samples samples, Set<String> modelInputs) {
    List<String> names = samples.names();
    if (!names.contains("input_ids")) {
      throw new DatasetFormatException(samples.file(), "no 'input_ids' dataset; a token dataset holds input_ids"
          + " [N, L] and optionally attention_mask [N, L] or lengths [N]; it has " + names);
    }
    if (!samples.elementType("input_ids").isInteger()) {
      throw new DatasetFormatException(samples.file(), "'input_ids' must hold integers, not "
          + samples.elementType("input_ids"));
    }
    List<Map<String, NdArray>> out = new ArrayList<>();
    for (long s = 0; s < samples.size(); s++) {
      Map<String, NdArray> row = samples.sample(s);
      NdArray idArray = row.get("input_ids");
      if (idArray.rank() != 2) {
        throw new DatasetFormatException(samples.file(), "'input_ids' must be [N, L], not rank " + (idArray.rank()));
      }
      long[] ids = idArray.toLongArray();
      long[] kept;
      if (row.containsKey("attention_mask")) {
        long[] mask = row.get("attention_mask").toLongArray();
        if (mask.length != ids.length) {
          throw new DatasetFormatException(samples.file(), "'attention_mask' has " + mask.length
              + " values per sample but 'input_ids' has " + ids.length);
        }
        int count = 0;
        for (long m : mask) {
          count += m != 0 ? 1 : 0;
        }
        kept = new long[count];
        for (int i = 0, j = 0; i < ids.length; i++) {
          if (mask[i] != 0) {
            kept[j++] = ids[i];
          }
        }
      } else if (row.containsKey("lengths")) {
        long len = row.get("lengths").toLongArray()[0];
        if (len < 0 || len > ids.length) {
          throw new DatasetFormatException(samples.file(), "sample " + s + ": length " + len
              + " outside 0.." + ids.length);
        }
        kept = java.util.Arrays.copyOf(ids, (int) len);
      } else {
        kept = ids;
      }
      if (kept.length == 0) {
        throw new DatasetFormatException(samples.file(), "sample " + s + " has no tokens");
      }
      out.add(forTokens(kept, modelInputs));
    }
    return out;
  }
}
