package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The stub calls the encryption callbacks the way OpenVINO does: size query first, then the copy. */
class CacheEncryptionStubTest {
  /** Reverses the bytes and adds a marker, so the round trip is visible. */
  static final class Reverse implements CacheEncryption {
    @Override
    public byte[] encrypt(byte[] plain) {
      byte[] out = new byte[plain.length + 1];
      out[0] = '#';
      for (int i = 0; i < plain.length; i++) {
        out[i + 1] = plain[plain.length - 1 - i];
      }
      return out;
    }

    @Override
    public byte[] decrypt(byte[] cipher) {
      byte[] out = new byte[cipher.length - 1];
      for (int i = 0; i < out.length; i++) {
        out[i] = cipher[cipher.length - 1 - i];
      }
      return out;
    }
  }

  @Test
  void callbacksRunThroughBothThePropsAndTheVariadicCompilePaths() {
    CacheEncryption enc = new Reverse();
    Properties p = Properties.of().set(Props.CACHE_DIR, Path.of("/c")).setCacheEncryption(enc);
    assertEquals(2, p.size());
    String expected = "CACHE_ENCRYPTION_CALLBACKS=encrypt:16:#bolb-ehcac-buts,decrypt:15:stub-cache-blob";
    AbiStub current = AbiStub.installCurrent();
    current.clearLog();
    try (Core core = Core.create(); Model m = core.readModel(Path.of("m.xml"))) {
      core.compileModel(m, "CPU", p).close();
    }
    assertTrue(current.log().contains("ov_core_compile_model_props CPU n=2 CACHE_DIR=/c " + expected), current.log());
    AbiStub old = AbiStub.get(AbiStub.OLD).install();
    old.clearLog();
    try (Core core = Core.create(); Model m = core.readModel(Path.of("m.xml"))) {
      core.compileModel(m, "CPU", p).close();
    } finally {
      current.install();
    }
    assertTrue(old.log().contains("ov_core_compile_model CPU n=4 CACHE_DIR=/c " + expected), old.log());
  }
}
