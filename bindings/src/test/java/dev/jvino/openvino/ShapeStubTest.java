package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShapeStubTest {
  AbiStub stub;

  @BeforeEach
  void install() {
    stub = AbiStub.installCurrent();
    stub.clearLog();
  }

  @Test
  void javaValueTypesValidate() {
    assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
    assertThrows(IllegalArgumentException.class, () -> Dimension.of(-2));
    assertThrows(IllegalArgumentException.class, () -> Dimension.range(5, 2));
    assertEquals("[1,?,2..8]", PartialShape.of(Dimension.of(1), Dimension.dynamic(), Dimension.range(2, 8)).toString());
    assertEquals(Shape.of(1, 4), PartialShape.of(1, 4).toShape());
    assertThrows(IllegalStateException.class, () -> PartialShape.of(1, -1).toShape());
    assertThrows(IllegalStateException.class, () -> PartialShape.dynamicRank().dims());
    assertEquals(24, Shape.of(2, 3, 4).elementCount());
  }

  @Test
  void conversionsThroughTheRuntimeAndItsZeroQuirk() {
    assertEquals(Shape.of(2, 3), NativeShapes.toShape(PartialShape.of(2, 3)));
    assertEquals(PartialShape.of(7, 1), NativeShapes.toPartialShape(Shape.of(7, 1)));
    var e = assertThrows(OpenVinoException.class, () -> NativeShapes.toShape(PartialShape.of(2, -1)));
    assertEquals("PARAMETER_MISMATCH", e.statusName());
    assertTrue(NativeShapes.isDynamic(PartialShape.of(Dimension.of(2), Dimension.range(1, 3))));
    assertFalse(NativeShapes.isDynamic(PartialShape.of(2, 3)));
    assertTrue(NativeShapes.isDynamic(PartialShape.dynamicRank()));
    assertEquals("[2,?]", NativeShapes.describe(PartialShape.of(2, -1)));
    assertTrue(NativeShapes.isDynamic(Dimension.of(0)), "OpenVINO counts {0,0} as dynamic");
    assertTrue(Dimension.of(0).isStatic(), "Java does not");
    assertFalse(NativeShapes.isDynamic(Dimension.of(3)));
    assertTrue(NativeShapes.isRankDynamic(Dimension.dynamic()));
    assertFalse(NativeShapes.isRankDynamic(Dimension.of(4)));
    String log = stub.log();
    assertTrue(log.contains("ov_dimension_is_dynamic {3,3}"), log);
    assertTrue(log.contains("ov_rank_is_dynamic {-1,-1}"), log);
    assertTrue(log.contains("ov_partial_shape_create_dynamic rank={-1,-1}"), log);
    assertTrue(log.contains("ov_partial_shape_to_shape [2,?]"), log);
    assertTrue(log.contains("ov_shape_to_partial_shape [7,1]"), log);
  }

  @Test
  void modelPortsAndEveryReshapeForm() {
    try (Core core = Core.create(); Model m = core.readModel(Path.of("dyn.xml"))) {
      assertTrue(m.isDynamic());
      assertEquals(PartialShape.of(-1, 4), m.input().partialShape());
      assertEquals(PartialShape.of(-1, 4), m.input("x").partialShape());
      assertEquals("y", m.output().name());
      assertEquals("y", m.output("y").name());
      assertEquals(Shape.of(1, 4), m.output(0).shape());
      assertEquals(Shape.of(1, 4), m.output("y").shape());
      assertEquals(Shape.of(1, 4), m.output().shape());
      assertThrows(OpenVinoException.class, () -> m.input().shape(), "dynamic shapes have no static shape");
      m.reshape(PartialShape.of(2, 4));
      assertFalse(m.isDynamic());
      assertEquals(Shape.of(2, 4), m.input().shape());
      m.reshape("x", PartialShape.of(Dimension.range(1, 8), Dimension.of(4)));
      assertEquals(PartialShape.of(Dimension.range(1, 8), Dimension.of(4)), m.input(0).partialShape());
      m.reshapeByName(Map.of("x", PartialShape.of(3, 4)));
      assertEquals(Shape.of(3, 4), m.input("x").shape());
      m.reshapeByIndex(Map.of(0, PartialShape.of(5, 4)));
      assertEquals(Shape.of(5, 4), m.input(0).shape());
      m.reshapeByPort(Map.of(m.input(0), PartialShape.of(6, 4)));
      assertEquals(Shape.of(6, 4), m.input().shape());
      var e = assertThrows(OpenVinoException.class, () -> m.reshape(PartialShape.of(1, 5)));
      assertEquals("stub: the last dimension must stay 4, got [1,5]", e.lastError());
      String log = stub.log();
      assertTrue(log.contains("ov_model_reshape_single_input [2,4]"), log);
      assertTrue(log.contains("ov_model_reshape_input_by_name [1..8,4]"), log);
      assertTrue(log.contains("ov_model_reshape x [3,4]"), log);
      assertTrue(log.contains("ov_model_reshape_by_port_indexes 0 [5,4]"), log);
      assertTrue(log.contains("ov_model_reshape_by_ports [6,4]"), log);
      try (Model other = core.readModel(Path.of("m.xml"))) {
        assertThrows(IllegalArgumentException.class, () -> m.reshapeByPort(Map.of(other.input(), PartialShape.of(1, 4))));
      }
    }
  }

  @Test
  void layoutsAreValidatedAndRenderedByTheRuntime() {
    assertEquals("[N,C,H,W]", Layout.of("NCHW").toString());
    assertEquals(Layout.of("NCHW"), Layout.of("[N,C,H,W]"));
    var e = assertThrows(OpenVinoException.class, () -> Layout.of("N!C"));
    assertEquals("stub: layout 'N!C' is not valid", e.lastError());
  }
}
