package dev.jvino.nncf.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code shared} folder (reference vectors and NNCF reference data): the system
 * property {@code jvino.shared}, else {@code <repository root>/../shared}, where the repository root is
 * the nearest folder upwards from the working directory whose {@code pom.xml} lists {@code <modules>}.
 * In a linked git worktree (whose {@code .git} is a file naming the main repository's git directory)
 * the main checkout's sibling {@code shared} is used when the worktree has none.
 */
public final class SharedFiles {
  private SharedFiles() {}

  /** The shared folder; fails with a clear message if it cannot be found. */
  public static Path root() {
    String prop = System.getProperty("jvino.shared");
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop).toAbsolutePath().normalize();
      if (!Files.isDirectory(p)) {
        throw new IllegalStateException("-Djvino.shared=" + prop + " is not a directory");
      }
      return p;
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      if (Files.isRegularFile(pom) && hasModules(pom)) {
        Path shared = d.resolveSibling("shared").normalize();
        if (!Files.isDirectory(shared)) {
          Path main = mainCheckoutOfWorktree(d);
          if (main != null && Files.isDirectory(main.resolveSibling("shared"))) {
            return main.resolveSibling("shared").normalize();
          }
          throw new IllegalStateException("reference data folder " + shared + " (repository root " + d
              + "/../shared) is missing; set -Djvino.shared=<path>");
        }
        return shared;
      }
    }
    throw new IllegalStateException("no multi-module pom.xml above " + dir
        + "; cannot locate ../shared (set -Djvino.shared=<path>)");
  }

  /** A file under the shared folder, which must exist. */
  public static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("reference file " + p + " is missing");
    }
    return p;
  }

  /** For a linked worktree, the main checkout (parent of the common .git directory), else null. */
  private static Path mainCheckoutOfWorktree(Path root) {
    Path dotGit = root.resolve(".git");
    if (!Files.isRegularFile(dotGit)) {
      return null;
    }
    try {
      String line = Files.readString(dotGit).strip();
      if (!line.startsWith("gitdir:")) {
        return null;
      }
      Path gitDir = root.resolve(line.substring("gitdir:".length()).strip()).normalize();
      // <main>/.git/worktrees/<name>
      Path common = gitDir.getParent() == null ? null : gitDir.getParent().getParent();
      return common == null ? null : common.getParent();
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean hasModules(Path pom) {
    try {
      return Files.readString(pom).contains("<modules>");
    } catch (IOException e) {
      return false;
    }
  }
}
