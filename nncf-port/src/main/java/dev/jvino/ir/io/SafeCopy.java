package dev.jvino.ir.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;

/**
 * Checksums and writes bytes that may live in a memory-mapped weights file, without letting a file
 * that shrank after mapping crash the JVM. {@code CRC32C.update(ByteBuffer)} over a mapped buffer
 * runs an intrinsic that has no guard for a vanished page: the JVM dies with SIGBUS (found by
 * HostileFilesTest). Here the bytes are first copied, in 1 MiB pieces, with
 * {@link MemorySegment#copy}, which turns such a fault into an {@link InternalError} that the callers
 * translate into {@link dev.jvino.ir.WeightsFileChangedException}; the checksum and the write then
 * read the copy.
 */
final class SafeCopy {
  private static final int PIECE = 1 << 20;

  private final ByteBuffer buffer;
  private final MemorySegment view;

  SafeCopy(long largest) {
    this.buffer = ByteBuffer.allocateDirect((int) Math.max(1, Math.min(PIECE, largest)));
    this.view = MemorySegment.ofBuffer(buffer);
  }

  /** Adds {@code src} to {@code crc} and, when {@code out} is not null, writes it there. */
  void copy(MemorySegment src, CRC32C crc, WritableByteChannel out) throws IOException {
    long size = src.byteSize();
    for (long at = 0; at < size; at += buffer.capacity()) {
      int n = (int) Math.min(buffer.capacity(), size - at);
      MemorySegment.copy(src, at, view, 0, n);
      ByteBuffer piece = buffer.slice(0, n);
      crc.update(piece.duplicate());
      if (out != null) {
        while (piece.hasRemaining()) {
          out.write(piece);
        }
      }
    }
  }

  /** Adds {@code src} to {@code crc}. */
  void checksum(MemorySegment src, CRC32C crc) {
    try {
      copy(src, crc, null);
    } catch (IOException e) {
      throw new AssertionError("no channel, no I/O", e);
    }
  }
}
