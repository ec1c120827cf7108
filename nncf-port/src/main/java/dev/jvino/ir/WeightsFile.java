package dev.jvino.ir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A weights ({@code .bin}) file, memory-mapped read-only. Mapping reads nothing: pages are loaded by
 * the OS only when a constant's bytes are touched, so an IR whose weights exceed RAM opens at once.
 * The mapping lives as long as this object is reachable (automatic arena).
 *
 * <p>{@link #bytesRequested()} counts the bytes handed out to constants over the JVM's life; tests use
 * it to prove that opening a model reads no weights.
 */
public final class WeightsFile {
  private static final AtomicLong REQUESTED = new AtomicLong();
  private final @Nullable Path path;
  private final MemorySegment segment;

  private WeightsFile(@Nullable Path path, MemorySegment segment) {
    this.path = path;
    this.segment = segment;
  }

  /**
   * Maps a file read-only.
   *
   * @throws IOException if it cannot be opened or mapped
   */
  public static WeightsFile map(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      MemorySegment seg = size == 0 ? MemorySegment.NULL.reinterpret(0)
          : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
      return new WeightsFile(path, seg);
    }
  }

  /** Wraps weights already in memory (e.g. received from a stream). */
  public static WeightsFile of(MemorySegment bytes) {
    return new WeightsFile(null, bytes.asReadOnly());
  }

  public @Nullable Path path() {
    return path;
  }

  public long size() {
    return segment.byteSize();
  }

  /**
   * A read-only view of {@code [offset, offset+size)}; counted by {@link #bytesRequested()}.
   *
   * @throws IndexOutOfBoundsException if the range is outside the file
   */
  public MemorySegment slice(long offset, long size) {
    MemorySegment s = segment.asSlice(offset, size);
    REQUESTED.addAndGet(size);
    return s;
  }

  /**
   * The whole file as one read-only segment (the mapping itself, always the same object), for
   * handing the weights on without copying them; not counted by {@link #bytesRequested()}.
   */
  public MemorySegment mapping() {
    return segment;
  }

  /** Bytes handed to constants by every weights file in this JVM so far. */
  public static long bytesRequested() {
    return REQUESTED.get();
  }
}
