package dev.jvino.nncf.statistics;

import dev.jvino.nncf.NncfException;

/** Statistics could not be computed: bad reduction axes, incompatible sample shapes, missing outputs. */
public class StatisticsException extends NncfException {
  private static final long serialVersionUID = 1L;

  public StatisticsException(String message) {
    super(message);
  }
}
