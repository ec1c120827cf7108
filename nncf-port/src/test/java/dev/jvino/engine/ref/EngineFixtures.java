package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;

/** Public access to the numpy fixtures under {@code fixtures/engine/} for tests of other packages. */
public final class EngineFixtures {
  private EngineFixtures() {}

  /** The {@code .npy} file {@code fixtures/engine/<group>/<file>}. */
  public static NdArray npy(String group, String file) {
    return Fixtures.npy(group, file);
  }
}
