package dev.jvino.cli;

import dev.jvino.nncf.compression.CompressionListener;
import dev.jvino.nncf.compression.CompressionPlan;
import dev.jvino.nncf.compression.CompressionResult;
import dev.jvino.nncf.compression.WeightAssignment;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows compression progress: a progress bar on an interactive terminal, otherwise one line per tenth of
 * the work, so logs stay short.
 */
final class ProgressReporter implements CompressionListener, AutoCloseable {
  private final PrintWriter err;
  private final boolean interactive;
  private @Nullable ProgressBar bar;
  private int lastTenth = -1;

  ProgressReporter(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  static ProgressReporter forTerminal(PrintWriter err) {
    return new ProgressReporter(err, System.console() != null && System.console().isTerminal());
  }

  @Override
  public void planned(CompressionPlan plan) {
    long total = plan.processingOrder().stream().filter(WeightAssignment::isCompressed)
        .mapToLong(a -> a.site().numWeights()).sum();
    if (interactive) {
      bar = new ProgressBarBuilder().setTaskName("Compressing weights").setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUnit(" M", 1_000_000).showSpeed().build();
    }
  }

  @Override
  public void weightCompressed(int index, int count, WeightAssignment weight, long doneElements, long totalElements) {
    if (bar != null) {
      bar.stepTo(doneElements);
      return;
    }
    int tenth = totalElements == 0 ? 10 : (int) (doneElements * 10 / totalElements);
    if (tenth != lastTenth) {
      lastTenth = tenth;
      err.printf("Compressing weights: %d/%d (%d%%)%n", index + 1, count, tenth * 10);
      err.flush();
    }
  }

  @Override
  public void finished(CompressionResult result) {
    close();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
