package dev.jvino.nncf.statistics.cache;

/** A safetensors file that is malformed or hostile; the message names the file and the defect. */
public final class SafetensorsException extends StatisticsCacheException {
  private static final long serialVersionUID = 1L;

  public SafetensorsException(String file, String problem) {
    super("safetensors file " + file + ": " + problem);
  }
}
