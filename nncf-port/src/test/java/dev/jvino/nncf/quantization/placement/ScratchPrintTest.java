package dev.jvino.nncf.quantization.placement;

class ScratchPrintTest {
  @org.junit.jupiter.api.Test
  void print() {
    QuantizerPlacementTest.syntheticModels().forEach(a -> {
      Object[] x = a.get();
      @SuppressWarnings("unchecked")
      var m = ((java.util.function.Supplier<dev.jvino.ir.Model>) x[1]).get();
      var s = QuantizerPlacement.place(m, PlacementOptions.defaults());
      System.out.println("SCRATCH " + x[0] + " " + s.points() + " groups=" + s.unifiedScaleGroups());
    });
  }
}
