package dev.jvino.engine;

import dev.jvino.ir.Model;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only {@link EngineProvider} ("recording"): the reference engine, counting compiles. It is
 * available only while the system property {@code jvino.test.recording} is set, so it never changes the
 * engine other tests get from {@link Engines#auto()}.
 */
public final class RecordingEngineProvider implements EngineProvider {
  static final String SWITCH = "jvino.test.recording";
  static final AtomicInteger COMPILES = new AtomicInteger();

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public boolean isAvailable() {
    return System.getProperty(SWITCH) != null;
  }

  @Override
  public String unavailableReason() {
    return "the test switch " + SWITCH + " is not set";
  }

  @Override
  public Engine create() {
    ReferenceEngine ref = new ReferenceEngine();
    return new Engine() {
      @Override
      public String name() {
        return "recording";
      }

      @Override
      public CompiledModel compile(Model model) {
        COMPILES.incrementAndGet();
        return ref.compile(model);
      }
    };
  }
}
