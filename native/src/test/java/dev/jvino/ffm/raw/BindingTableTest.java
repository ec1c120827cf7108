package dev.jvino.ffm.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemoryLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BindingTableTest {
  @Test
  void everyRowHasAUniqueNameAHeaderAndACheckedVersion() {
    List<Binding> rows = BindingTable.rows();
    assertEquals(174, rows.size(), "168 functions of the 2026.1 headers plus 6 non-variadic _props forms of 2026.4");
    Set<String> names = new HashSet<>();
    for (Binding b : rows) {
      assertTrue(names.add(b.name()), "duplicate " + b.name());
      assertTrue(b.name().startsWith("ov_"), b.name());
      assertTrue(b.header().matches("ov_[a-z_]+\\.h"), b.header());
      assertTrue(b.checkedAgainst().matches("2026\\.[14]"), b.checkedAgainst());
    }
    assertEquals(BindingTable.HEADERS_CHECKED,
        rows.stream().map(Binding::checkedAgainst).max(String::compareTo).orElseThrow());
    assertEquals(6, rows.stream().filter(b -> b.checkedAgainst().equals("2026.4")).count(), "the _props forms");
  }

  @Test
  void exactlyTheNineVariadicFunctionsAreVariadicWithTheirFixedArgumentCounts() {
    List<String> variadic = new ArrayList<>();
    for (Binding b : BindingTable.rows()) {
      if (b.variadic()) {
        variadic.add(b.name() + "/" + b.firstVariadic());
      }
    }
    assertEquals(
        List.of(
            "ov_core_compile_model/5",
            "ov_core_compile_model_from_file/5",
            "ov_core_compile_model_from_file_unicode/5",
            "ov_core_set_property/2",
            "ov_core_create_context/4",
            "ov_core_compile_model_with_context/5",
            "ov_compiled_model_set_property/1",
            "ov_remote_context_create_tensor/5",
            "ov_preprocess_input_tensor_info_set_color_format_with_subname/3"),
        variadic);
  }

  @Test
  void byValueStructArgumentsAreDeclaredAsStructLayouts() {
    assertEquals(CTypes.SHAPE, BindingTable.row("ov_tensor_create").descriptor().argumentLayouts().get(1));
    assertEquals(CTypes.SHAPE, BindingTable.row("ov_tensor_set_shape").descriptor().argumentLayouts().get(1));
    assertEquals(CTypes.SHAPE, BindingTable.row("ov_remote_context_create_tensor").descriptor().argumentLayouts().get(2));
    assertEquals(CTypes.PARTIAL_SHAPE, BindingTable.row("ov_model_reshape_input_by_name").descriptor().argumentLayouts().get(2));
    assertEquals(CTypes.PARTIAL_SHAPE, BindingTable.row("ov_partial_shape_to_string").descriptor().argumentLayouts().get(0));
    assertEquals(CTypes.RANK, BindingTable.row("ov_partial_shape_create_dynamic").descriptor().argumentLayouts().get(0));
    assertEquals(CTypes.DIMENSION, BindingTable.row("ov_dimension_is_dynamic").descriptor().argumentLayouts().get(0));
    // int64_t timeout, size_t indexes, float scale, bool results
    assertEquals(CTypes.INT64, BindingTable.row("ov_infer_request_wait_for").descriptor().argumentLayouts().get(1));
    assertEquals(CTypes.FLOAT, BindingTable.row("ov_preprocess_preprocess_steps_scale").descriptor().argumentLayouts().get(1));
    assertEquals(CTypes.BOOL, BindingTable.row("ov_model_is_dynamic").descriptor().returnLayout().orElseThrow());
    assertTrue(BindingTable.row("ov_free").descriptor().returnLayout().isEmpty());
  }

  @Test
  void everyRowGetsAHandleFromTheStubWithTheSameSymbols() {
    AbiStub stub = AbiStub.current();
    for (Binding b : BindingTable.rows()) {
      assertTrue(stub.api().has(b.name()), "stub lacks " + b.name());
      if (b.variadic()) {
        assertNotNull(stub.api().variadic(b.name(), 0), b.name());
        assertNotNull(stub.api().variadic(b.name(), 2), b.name());
      } else {
        assertNotNull(stub.api().handle(b.name()), b.name());
      }
    }
  }

  @Test
  void variadicHandlesAreCachedPerArity() {
    OvApi api = AbiStub.current().api();
    assertTrue(api.variadic("ov_core_compile_model", 4) == api.variadic("ov_core_compile_model", 4));
    api.variadic("ov_core_compile_model", 6);
    assertTrue(api.cachedVariadicArities("ov_core_compile_model").containsAll(java.util.Set.of(4, 6)));
    assertThrows(IllegalArgumentException.class, () -> api.handle("ov_core_compile_model"));
    assertThrows(IllegalArgumentException.class, () -> api.variadic("ov_core_create", 2));
    assertThrows(IllegalArgumentException.class, () -> BindingTable.row("ov_no_such_function"));
  }

  @Test
  void aFunctionMissingFromAnOlderRuntimeIsReportedWithItsVersion() {
    OvApi old = AbiStub.get(AbiStub.OLD).api();
    var e = assertThrows(FunctionUnavailableException.class, () -> old.handle("ov_core_compile_model_props"));
    assertEquals("ov_core_compile_model_props is not available in OpenVINO 2025.2.0-stub", e.getMessage());
    assertEquals("ov_core_compile_model_props", e.function());
    assertNotNull(old.handle("ov_core_create"));
  }

  @Test
  void rowsRejectAnInconsistentVariadicIndex() {
    var fd = java.lang.foreign.FunctionDescriptor.of(CTypes.STATUS, new MemoryLayout[] {CTypes.POINTER});
    assertThrows(IllegalArgumentException.class, () -> new Binding("ov_x", fd, "ov_x.h", "2026.1", 2));
  }
}
