package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrePostStubTest {
  AbiStub stub;

  @BeforeEach
  void install() {
    stub = AbiStub.installCurrent();
    stub.clearLog();
  }

  @Test
  void everyStepArrivesWithItsArgumentsAndTheInfosAreFreedBeforeTheProcessor() {
    int live = stub.live();
    int bad = stub.badFrees();
    try (Core core = Core.create(); Model model = core.readModel(Path.of("m.xml"))) {
      Model built;
      try (PrePostProcessor ppp = PrePostProcessor.of(model);
          Tensor example = Tensor.allocate(ElementType.U8, Shape.of(1, 8, 8, 3))) {
        var in = ppp.input();
        in.tensor()
            .setElementType(ElementType.U8)
            .setLayout(Layout.of("NHWC"))
            .setColorFormat(PrePostProcessor.ColorFormat.BGR)
            .setColorFormat(PrePostProcessor.ColorFormat.NV12_TWO_PLANES, "y", "uv")
            .setSpatialStaticShape(224, 320)
            .setMemoryType("GPU_SURFACE")
            .setFrom(example);
        in.preprocess()
            .convertElementType(ElementType.F32)
            .convertColor(PrePostProcessor.ColorFormat.RGB)
            .resize(PrePostProcessor.ResizeAlgorithm.CUBIC)
            .mean(0.5f)
            .scale(255f)
            .mean(1f, 2f, 3f)
            .scale(4f, 5f, 6f)
            .crop(new int[] {0, 0, 1, 1}, new int[] {1, 3, 7, 7})
            .pad(new int[] {0, 0, 1, 2}, new int[] {0, 0, 3, 4}, 0.25f, PrePostProcessor.PaddingMode.REFLECT)
            .convertLayout(Layout.of("NCHW"))
            .reverseChannels();
        in.model().setLayout(Layout.of("NCHW"));
        ppp.input("x").tensor().setElementType(ElementType.U8);
        ppp.input(0).tensor().setElementType(ElementType.U8);
        ppp.output().tensor().setElementType(ElementType.F16);
        ppp.output("y").tensor().setElementType(ElementType.F16);
        ppp.output(0).tensor().setElementType(ElementType.F16);
        built = ppp.build();
      }
      try (built) {
        assertEquals(ElementType.U8, built.input().elementType(), "the built model takes the tensor's type");
      }
      assertThrows(OpenVinoException.class, () -> {
        try (PrePostProcessor p = PrePostProcessor.of(model)) {
          p.input("nope");
        }
      });
    }
    String log = stub.log();
    for (String line : new String[] {
        "tensor element_type 16", "tensor layout NHWC", "tensor color_format 6", "tensor color_format 2 subnames y uv",
        "tensor spatial 224x320", "tensor memory_type GPU_SURFACE", "tensor from [1,8,8,3]",
        "step convert_element_type 4", "step convert_color 5", "step resize 1", "step mean 0.5", "step scale 255",
        "step mean_multi 1 2 3", "step scale_multi 4 5 6", "step crop 0:1 0:3 1:7 1:7",
        "step pad value=0.25 mode=2 begin 0 0 1 2 end 0 0 3 4", "step convert_layout NCHW", "step reverse_channels",
        "model layout NCHW", "output element_type 3", "ppp build"}) {
      assertTrue(log.contains(line + "\n"), line + " missing from\n" + log);
    }
    assertEquals(live, stub.live(), "every info, steps object, layout and model released");
    assertEquals(bad, stub.badFrees());
  }

  @Test
  void infosCannotBeUsedAfterTheProcessorIsClosed() {
    try (Core core = Core.create(); Model model = core.readModel(Path.of("m.xml"))) {
      PrePostProcessor ppp = PrePostProcessor.of(model);
      var steps = ppp.input().preprocess();
      ppp.close();
      assertThrows(IllegalStateException.class, () -> steps.scale(2f));
      assertThrows(IllegalArgumentException.class, () -> {
        try (PrePostProcessor p = PrePostProcessor.of(model)) {
          p.input().preprocess().crop(new int[] {0}, new int[] {1, 2});
        }
      });
    }
  }
}
