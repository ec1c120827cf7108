package dev.jvino.ir.io;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The layout of a {@code .bin} being written: where each constant goes, with OpenVINO's padding
 * rule (2026: each blob aligned to its element byte size) and de-duplication of identical blobs.
 */
final class BinPlan {
  /** A run of bytes in the file: padding ({@code data == null}) or a constant's bytes. */
  record Piece(long offset, long size, MemorySegment data) {}

  private final boolean pad;
  private final boolean dedup;
  private final List<Piece> pieces = new ArrayList<>();
  private final Map<Long, List<Piece>> byHash = new HashMap<>();
  private long size;

  BinPlan(boolean pad, boolean dedup) {
    this.pad = pad;
    this.dedup = dedup;
  }

  /** Places a constant and returns its offset. */
  long place(ConstantData c) {
    MemorySegment bytes = c.bytes();
    long h = 0;
    if (dedup) {
      CRC32C crc = new CRC32C();
      long chunk = 1L << 28;
      for (long at = 0; at < bytes.byteSize(); at += chunk) {
        crc.update(bytes.asSlice(at, Math.min(chunk, bytes.byteSize() - at)).asByteBuffer());
      }
      h = crc.getValue() ^ (bytes.byteSize() << 32);
      for (Piece p : byHash.getOrDefault(h, List.of())) {
        if (p.size() == bytes.byteSize() && p.data().mismatch(bytes) == -1) {
          return p.offset();
        }
      }
    }
    if (pad && c.elementType() != ElementType.STRING) {
      long align = Math.max(1, c.elementType().bitWidth() / 8);
      long rem = size % align;
      if (rem != 0) {
        size += align - rem;
      }
    }
    Piece p = new Piece(size, bytes.byteSize(), bytes);
    pieces.add(p);
    if (dedup) {
      byHash.computeIfAbsent(h, k -> new ArrayList<>()).add(p);
    }
    size += bytes.byteSize();
    return p.offset();
  }

  List<Piece> pieces() {
    return pieces;
  }

  long size() {
    return size;
  }
}
