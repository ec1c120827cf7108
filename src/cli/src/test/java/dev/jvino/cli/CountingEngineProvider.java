package dev.jvino.cli;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.EngineProvider;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.ir.Model;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only engine ("counting"): the reference engine, counting compiles. Available only while the
 * system property {@value #SWITCH} is set, so {@code auto} never picks it in other tests.
 */
public final class CountingEngineProvider implements EngineProvider {
  static final String SWITCH = "jvino.test.counting";
  static final AtomicInteger COMPILES = new AtomicInteger();

  @Override
  public String name() {
    return "counting";
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
        return "counting";
      }

      @Override
      public CompiledModel compile(Model model) {
        COMPILES.incrementAndGet();
        return ref.compile(model);
      }
    };
  }
}
