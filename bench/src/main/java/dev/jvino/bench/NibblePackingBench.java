package dev.jvino.bench;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.numeric.SubBytePacking;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jvino's sub-byte packing of 4-bit codes ({@link SubBytePacking#pack4}: two codes per byte, low nibble
 * first, as a compressed weight's u4/i4/nf4 constant is stored) on the codes of one 4096x4096 weight
 * (16 Mi codes, 8 MiB packed), beside {@link #copyPackedSize}: a plain byte copy (allocate and copy) of
 * the same 8 MiB output in the same run. The codes are real: the INT4_ASYM (u4), INT4_SYM (i4) and NF4
 * (nf4 indices) lowering of a Gaussian weight. {@link #unpackU4} and {@link #unpackI4} go the other way
 * (16 MiB of output), beside {@link #copyUnpackedSize}, a plain copy of 16 MiB.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class NibblePackingBench {
  private static final int SIZE = 4096;

  /** Codes of one weight, for the packing kernel; {@code kind} picks which lowering produced them. */
  @State(Scope.Benchmark)
  public static class Codes {
    @Param({"u4", "i4", "nf4"})
    public String kind;

    byte[] codes;

    @Setup
    public void setUp() {
      CompressWeightsMode mode = switch (kind) {
        case "u4" -> CompressWeightsMode.INT4_ASYM;
        case "i4" -> CompressWeightsMode.INT4_SYM;
        case "nf4" -> CompressWeightsMode.NF4;
        default -> throw new IllegalArgumentException("kind must be u4, i4 or nf4, got '" + kind + "'");
      };
      codes = lowered(mode);
    }
  }

  /** The packed and unpacked byte arrays the copies and unpacking read. */
  @State(Scope.Benchmark)
  public static class Plain {
    byte[] packed;
    byte[] unpacked;

    @Setup
    public void setUp() {
      unpacked = lowered(CompressWeightsMode.INT4_ASYM);
      packed = SubBytePacking.pack4(unpacked);
    }
  }

  static byte[] lowered(CompressWeightsMode mode) {
    float[] w = new float[SIZE * SIZE];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.02);
    }
    return dev.jvino.nncf.weights.WeightLowering.lower(w, new long[] {SIZE, SIZE}, 1, mode, 128).codes();
  }

  @Benchmark
  public byte[] pack4(Codes c) {
    return SubBytePacking.pack4(c.codes);
  }

  /** A new array holding a copy of the 8 MiB the packing produces. */
  @Benchmark
  public byte[] copyPackedSize(Plain p) {
    return Arrays.copyOf(p.packed, p.packed.length);
  }

  @Benchmark
  public byte[] unpackU4(Plain p) {
    return SubBytePacking.unpackU4(p.packed, p.unpacked.length);
  }

  @Benchmark
  public byte[] unpackI4(Plain p) {
    return SubBytePacking.unpackI4(p.packed, p.unpacked.length);
  }

  /** A new array holding a copy of the 16 MiB the unpacking produces. */
  @Benchmark
  public byte[] copyUnpackedSize(Plain p) {
    return Arrays.copyOf(p.unpacked, p.unpacked.length);
  }
}
