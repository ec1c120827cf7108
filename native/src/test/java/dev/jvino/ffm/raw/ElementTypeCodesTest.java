package dev.jvino.ffm.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElementTypeCodesTest {
  @AfterEach
  void restore() {
    AbiStub.current().setVersion("2026.4.0-stub");
  }

  @Test
  void tablesPerRelease() {
    assertEquals(4, ElementTypeCodes.V2025_1.code("f32").getAsInt());
    assertEquals(16, ElementTypeCodes.V2025_1.code("u8").getAsInt());
    assertEquals(22, ElementTypeCodes.V2025_1.code("f8e5m2").getAsInt());
    assertEquals(25, ElementTypeCodes.V2025_1.code("f8e8m0").getAsInt());
    assertEquals(5, ElementTypeCodes.V2024_4.code("f32").getAsInt());
    assertEquals(17, ElementTypeCodes.V2024_4.code("u8").getAsInt());
    assertEquals(26, ElementTypeCodes.V2024_4.code("f8e8m0").getAsInt());
    assertEquals(5, ElementTypeCodes.V2024_0.code("f32").getAsInt());
    assertEquals(14, ElementTypeCodes.V2024_0.code("u8").getAsInt());
    assertEquals(13, ElementTypeCodes.V2024_0.code("u4").getAsInt());
    assertTrue(ElementTypeCodes.V2024_0.code("string").isEmpty());
    assertEquals("f16", ElementTypeCodes.V2025_1.name(3));
    assertEquals(null, ElementTypeCodes.V2025_1.name(26));
  }

  @Test
  void candidatesFollowTheVersion() {
    assertEquals(List.of(ElementTypeCodes.V2025_1), ElementTypeCodes.candidatesFor("2026.2.1-21919-ede283a88e3"));
    assertEquals(List.of(ElementTypeCodes.V2025_1), ElementTypeCodes.candidatesFor("2025.1.0"));
    assertEquals(List.of(ElementTypeCodes.V2024_4), ElementTypeCodes.candidatesFor("2024.6.0-17404"));
    assertEquals(List.of(ElementTypeCodes.V2024_0), ElementTypeCodes.candidatesFor("2024.0.0"));
    assertEquals(List.of(ElementTypeCodes.V2024_4, ElementTypeCodes.V2024_0), ElementTypeCodes.candidatesFor("2024.2.0"));
    var old = assertThrows(IllegalArgumentException.class, () -> ElementTypeCodes.candidatesFor("2023.3.0"));
    assertEquals("OpenVINO 2023.3.0 is not supported: jvino needs 2024.0 or newer", old.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ElementTypeCodes.candidatesFor("unknown"));
  }

  @Test
  void theStartupProbeConfirmsEachNumberingThroughTensorByteSizes() {
    AbiStub stub = AbiStub.current();
    for (var c : List.of(
        new Object[] {"2026.4.0-stub", ElementTypeCodes.V2025_1},
        new Object[] {"2024.6.0-stub", ElementTypeCodes.V2024_4},
        new Object[] {"2024.0.0-stub", ElementTypeCodes.V2024_0},
        new Object[] {"2024.2.0-stub", ElementTypeCodes.V2024_4})) {
      stub.setVersion((String) c[0]);
      assertEquals(c[1], ElementTypeProbe.select(OvApi.of(stub.library())), (String) c[0]);
    }
  }

  @Test
  void aNumberingThatDisagreesWithTheRuntimeIsSeenByTheProbe() {
    AbiStub stub = AbiStub.current();
    stub.setVersion("2024.6.0-stub");
    List<ElementTypeProbe.Observation> obs = ElementTypeProbe.observe(OvApi.of(stub.library()), ElementTypeCodes.V2025_1);
    // code 4 is f16 in the 2024.6 numbering (16 bytes for 8 elements); code 16 is u6 there (6 bytes)
    assertEquals(new ElementTypeProbe.Observation("f32", 4, 16, 32), obs.get(0));
    assertEquals(8, obs.get(1).expected());
    assertTrue(obs.get(1).byteSize() != 8);
  }
}
