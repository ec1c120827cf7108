package dev.jvino.ir.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Temporary files that must not outlive an interrupted run: a shutdown hook (installed on first use)
 * deletes every registered file when the JVM exits through {@code Ctrl-C} ({@code SIGINT}),
 * {@code SIGTERM} or {@link System#exit} while a write is in progress ({@code kill -9} cannot be
 * caught; its leftovers are hidden dot-files next to the destination).
 *
 * <p>The renames that put a finished output in place run in {@link #commit}: the hook waits for a
 * commit that has started (so the destination ends complete), and a commit asked for after the hook
 * ran is refused (so the destination stays untouched). Internal to jvino's writers.
 */
public final class TempFiles {
  private static final System.Logger LOG = System.getLogger(TempFiles.class.getName());
  private static final Set<Path> REGISTERED = ConcurrentHashMap.newKeySet();
  private static final ReentrantLock COMMIT = new ReentrantLock();
  private static volatile boolean shuttingDown;
  private static boolean hookInstalled;

  private TempFiles() {}

  /** A step of a commit (renames). */
  @FunctionalInterface
  public interface IoStep {
    void run() throws IOException;
  }

  /** Deletes {@code tmp} if the JVM shuts down before {@link #unregister}. */
  public static Path register(Path tmp) {
    installHook();
    REGISTERED.add(tmp.toAbsolutePath());
    return tmp;
  }

  /** Forgets {@code tmp} (it was renamed into place or deleted). */
  public static void unregister(Path tmp) {
    REGISTERED.remove(tmp.toAbsolutePath());
  }

  /**
   * Runs the renames of a finished output so that a shutdown never cuts them off halfway through
   * and never lets them start after the temporary files were deleted.
   *
   * @throws IOException from {@code step}, or because the JVM is shutting down (nothing renamed)
   */
  public static void commit(IoStep step) throws IOException {
    COMMIT.lock();
    try {
      if (shuttingDown) {
        throw new IOException("the JVM is shutting down (interrupted): the destination was not touched");
      }
      step.run();
    } finally {
      COMMIT.unlock();
    }
  }

  private static synchronized void installHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::cleanUp, "jvino-temp-files"));
  }

  private static void cleanUp() {
    boolean locked = false;
    try {
      // a commit in progress finishes first (two renames); a writer stuck for longer is not waited for
      locked = COMMIT.tryLock(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shuttingDown = true;
    try {
      for (Path p : REGISTERED) {
        try {
          if (Files.deleteIfExists(p)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "interrupted: deleted temporary file " + p);
          }
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, () -> "interrupted: cannot delete temporary file " + p, e);
        }
      }
    } finally {
      if (locked) {
        COMMIT.unlock();
      }
    }
  }
}
