package dev.jvino.numeric;

/**
 * Packs sub-byte values the way OpenVINO lays out its constants. 4-bit types (u4, i4, nf4, f4e2m1) put
 * element {@code 2k} in the low nibble and element {@code 2k+1} in the high nibble of byte {@code k};
 * u1 puts element {@code 8k} in the most significant bit of byte {@code k}. An odd count leaves the
 * unused bits zero.
 */
public final class SubBytePacking {
  private SubBytePacking() {}

  /** Packs the low nibble of each value, low nibble first. Works for u4, i4 (two's complement), nf4, f4e2m1. */
  public static byte[] pack4(byte[] values) {
    byte[] out = new byte[(values.length + 1) >>> 1];
    int pairs = values.length >>> 1;
    for (int k = 0; k < pairs; k++) {
      out[k] = (byte) ((values[2 * k] & 0xF) | ((values[2 * k + 1] & 0xF) << 4));
    }
    if ((values.length & 1) != 0) {
      out[pairs] = (byte) (values[values.length - 1] & 0xF);
    }
    return out;
  }

  /** Unpacks {@code count} unsigned nibbles (0..15), low nibble first. */
  public static byte[] unpackU4(byte[] packed, int count) {
    checkCount(packed, count, 4);
    byte[] out = new byte[count];
    for (int i = 0; i < count; i++) {
      int b = packed[i >>> 1];
      out[i] = (byte) (((i & 1) == 0 ? b : b >>> 4) & 0xF);
    }
    return out;
  }

  /** Unpacks {@code count} signed nibbles (-8..7), low nibble first. */
  public static byte[] unpackI4(byte[] packed, int count) {
    byte[] out = unpackU4(packed, count);
    for (int i = 0; i < count; i++) {
      out[i] = (byte) ((out[i] << 28) >> 28);
    }
    return out;
  }

  /** Packs booleans as u1, most significant bit first. */
  public static byte[] packU1(boolean[] bits) {
    byte[] out = new byte[(bits.length + 7) >>> 3];
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
      }
    }
    return out;
  }

  /** Unpacks {@code count} u1 values, most significant bit first. */
  public static boolean[] unpackU1(byte[] packed, int count) {
    checkCount(packed, count, 1);
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = (packed[i >>> 3] & (0x80 >>> (i & 7))) != 0;
    }
    return out;
  }

  private static void checkCount(byte[] packed, int count, int bits) {
    long needed = ((long) count * bits + 7) / 8;
    if (count < 0 || needed > packed.length) {
      throw new IllegalArgumentException(
          "cannot unpack " + count + " " + bits + "-bit values from " + packed.length + " bytes");
    }
  }
}
