package dev.jvino.ffm.loader;

import java.nio.file.Path;

/** A runtime was found but one of its libraries could not be loaded (missing dependency, wrong ABI). */
public final class OpenVinoLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path library;

  public OpenVinoLoadException(Path library, Throwable cause) {
    super("cannot load " + library + ": " + cause.getMessage(), cause);
    this.library = library;
  }

  /** The library whose loading failed. */
  public Path library() {
    return library;
  }
}
