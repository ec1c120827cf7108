package dev.jvino.nncf.statistics.cache;

import dev.jvino.nncf.NncfException;

/**
 * A statistics cache that cannot be used: NNCF's {@code nncf.StatisticsCacheError}. The message names the
 * file or directory and what is wrong (missing metadata, foreign backend, missing statistic, corrupt
 * safetensors file, inconsistent tensors).
 */
public class StatisticsCacheException extends NncfException {
  private static final long serialVersionUID = 1L;

  public StatisticsCacheException(String message) {
    super(message);
  }

  public StatisticsCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
