package dev.jvino.ir.io;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.WeightsFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The layout of a {@code .bin} being written: where each constant goes, with OpenVINO's padding
 * rule (2026: each blob aligned to its element byte size) and de-duplication of identical blobs.
 */
final class BinPlan {
  /**
   * A constant's bytes placed in the file; {@code source} is the weights-file range they still
   * live in, if the constant is file-backed.
   */
  record Piece(long offset, long size, MemorySegment data, ConstantData.@Nullable FileRange source) {}

  private final boolean pad;
  private final boolean dedup;
  private final List<Piece> pieces = new ArrayList<>();
  private final Map<Long, List<Piece>> byHash = new HashMap<>();
  private long size;

  BinPlan(boolean pad, boolean dedup) {
    this.pad = pad;
    this.dedup = dedup;
  }

  /** Bytes hashed to find de-duplication candidates; equality is then checked on all bytes. */
  private static final int HASHED_PREFIX = 4096;

  /**
   * Places a constant and returns its offset. With de-duplication, a blob equal (every byte) to one
   * placed before reuses its offset; candidates are found by size and a hash of the first 4 KiB, so
   * a distinct blob is read no further than that, and a second constant over the same weights-file
   * range is recognized without reading it.
   */
  long place(ConstantData c) {
    MemorySegment bytes = c.bytes();
    ConstantData.FileRange source = c.fileRange().orElse(null);
    if (source != null) {
      source.file().checkIntact(c + " at offset " + source.offset());
    }
    long h = 0;
    if (dedup) {
      CRC32C crc = new CRC32C();
      try {
        new SafeCopy(HASHED_PREFIX).checksum(bytes.asSlice(0, Math.min(HASHED_PREFIX, bytes.byteSize())), crc);
      } catch (InternalError e) {
        if (source == null) {
          throw e;
        }
        throw source.file().changed(e, c + " at offset " + source.offset());
      }
      h = crc.getValue() ^ (bytes.byteSize() << 32);
      for (Piece p : byHash.getOrDefault(h, List.of())) {
        if (p.size() == bytes.byteSize()
            && ((source != null && source.equals(p.source())) || p.data().mismatch(bytes) == -1)) {
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
    Piece p = new Piece(size, bytes.byteSize(), bytes, source);
    pieces.add(p);
    if (dedup) {
      byHash.computeIfAbsent(h, k -> new ArrayList<>()).add(p);
    }
    size += bytes.byteSize();
    return p.offset();
  }

  /**
   * The weights as they already are in memory, when the planned file is exactly a prefix of one
   * weights file: every piece is file-backed by the same {@link WeightsFile} at the very offset the
   * plan gives it, and every gap (padding) is zero there as the writer would write it. Then the
   * mapping (or its first {@link #size()} bytes) can stand for the planned file without a copy.
   *
   * @return that segment, or {@code null} if the plan needs its bytes assembled
   */
  @Nullable MemorySegment existingBytes() {
    if (pieces.isEmpty()) {
      return null;
    }
    WeightsFile file = null;
    long end = 0;
    for (Piece p : pieces) {
      ConstantData.FileRange src = p.source();
      if (src == null || src.offset() != p.offset() || src.size() != p.size()
          || (file != null && src.file() != file)) {
        return null;
      }
      file = src.file();
      if (!zeros(file.mapping(), end, p.offset())) {
        return null;
      }
      end = p.offset() + p.size();
    }
    MemorySegment all = file.mapping();
    if (size > all.byteSize()) {
      return null;
    }
    return size == all.byteSize() ? all : all.asSlice(0, size);
  }

  private static boolean zeros(MemorySegment s, long from, long to) {
    for (long i = from; i < to; i++) {
      if (s.get(ValueLayout.JAVA_BYTE, i) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The typed error for a fault while reading the planned bytes: the first weights file the pieces
   * read that is now shorter than when it was mapped (or else the first one at all) is named.
   */
  RuntimeException readFault(InternalError e) {
    WeightsFile first = null;
    for (Piece p : pieces) {
      if (p.source() != null && p.source().file().path() != null) {
        WeightsFile f = p.source().file();
        first = first == null ? f : first;
        try {
          if (java.nio.file.Files.size(f.path()) < f.size()) {
            return f.changed(e, "its bytes for the new weights file");
          }
        } catch (java.io.IOException | RuntimeException gone) {
          return f.changed(e, "its bytes for the new weights file");
        }
      }
    }
    if (first == null) {
      throw e;
    }
    return first.changed(e, "its bytes for the new weights file");
  }

  List<Piece> pieces() {
    return pieces;
  }

  long size() {
    return size;
  }
}
