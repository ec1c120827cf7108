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

  /**
   * The typed error for a failed read of this file's mapping: the JVM raises an {@link InternalError}
   * when a mapped page is gone because the file shrank (or was rewritten in place) after mapping.
   *
   * @param fault the JVM's error
   * @param what what was being read (for the message)
   */
  public WeightsFileChangedException changed(InternalError fault, String what) {
    String now;
    try {
      now = path == null ? "?" : java.nio.file.Files.size(path) + "";
    } catch (IOException | RuntimeException e) {
      now = "unreadable (" + e.getMessage() + ")";
    }
    return new WeightsFileChangedException(path, "the weights file changed after it was opened (it had "
        + size() + " bytes, now " + now + "); reading " + what + " failed: reopen the model", fault);
  }

  /**
   * Checks, before a read, that the file on disk still holds every mapped byte. A read of a page that
   * vanished is only reported by the JVM as an {@link InternalError}, and in compiled code that error can
   * surface after the reading method has returned, past the handlers that would name the file; a file that
   * shrank before the read is therefore refused here, deterministically, with a stat of the file.
   *
   * @param what what is about to be read (for the message)
   * @throws WeightsFileChangedException if the file is now shorter than its mapping, or gone
   */
  public void checkIntact(String what) {
    if (path == null) {
      return;
    }
    long now;
    try {
      now = java.nio.file.Files.size(path);
    } catch (IOException | RuntimeException e) {
      throw new WeightsFileChangedException(path, "the weights file cannot be read anymore (" + e.getMessage()
          + "); reading " + what + " failed: reopen the model", e);
    }
    if (now < size()) {
      throw new WeightsFileChangedException(path, "the weights file changed after it was opened (it had "
          + size() + " bytes, now " + now + "); reading " + what + " failed: reopen the model", null);
    }
  }

  /** Bytes handed to constants by every weights file in this JVM so far. */
  public static long bytesRequested() {
    return REQUESTED.get();
  }
}
