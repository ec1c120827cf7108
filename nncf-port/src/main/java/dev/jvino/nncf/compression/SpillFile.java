package dev.jvino.nncf.compression;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.WeightsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file that compressed constants are written to as soon as they are built, so that only
 * one weight at a time is held on the heap: each constant's bytes are appended and replaced by a
 * read-only mapping of the written range. The file is deleted on {@link #close()}; mappings stay valid
 * until they are garbage collected (on Linux and macOS a deleted file's mapping remains readable).
 */
final class SpillFile implements AutoCloseable {
  private static final int ALIGN = 64;
  private final Path path;
  private final FileChannel channel;
  private long end;

  private SpillFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Creates the file in {@code directory}. */
  static SpillFile create(Path directory) throws IOException {
    Path p = dev.jvino.ir.io.TempFiles.register(Files.createTempFile(directory, ".jvino-compress-", ".spill"));
    return new SpillFile(p, FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  Path path() {
    return path;
  }

  /** Bytes written so far (with alignment padding). */
  long size() {
    return end;
  }

  /** Writes the constant's bytes and returns the same constant backed by the file. */
  ConstantData spill(ConstantData data) {
    try {
      long at = (end + ALIGN - 1) / ALIGN * ALIGN;
      ByteBuffer buf = data.bytes().asByteBuffer();
      long pos = at;
      while (buf.hasRemaining()) {
        pos += channel.write(buf, pos);
      }
      end = pos;
      long size = data.byteSize();
      MemorySegment seg = size == 0 ? MemorySegment.NULL.reinterpret(0)
          : channel.map(FileChannel.MapMode.READ_ONLY, at, size, Arena.ofAuto());
      return ConstantData.lazy(data.elementType(), data.shape(), WeightsFile.of(seg), 0, size, data.packing());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write compressed weights to " + path, e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
    try {
      Files.deleteIfExists(path);
      dev.jvino.ir.io.TempFiles.unregister(path);
    } catch (IOException e) {
      path.toFile().deleteOnExit(); // still mapped on a platform that forbids deleting mapped files
    }
  }
}
