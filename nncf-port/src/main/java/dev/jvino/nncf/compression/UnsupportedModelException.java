package dev.jvino.nncf.compression;

import dev.jvino.nncf.NncfException;

/** A model NNCF cannot compress as asked (NNCF's {@code nncf.UnsupportedModelError}). */
public final class UnsupportedModelException extends NncfException {
  private static final long serialVersionUID = 1L;

  public UnsupportedModelException(String message) {
    super(message);
  }
}
