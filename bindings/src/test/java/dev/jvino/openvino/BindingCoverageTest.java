package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ffm.raw.Binding;
import dev.jvino.ffm.raw.BindingTable;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the binding table must have a handle in the ABI stub and be reached through the
 * public API: this test drives a tour of the public API only, against the 2026.4 stub and the older
 * 2025.2 stub (which lacks the {@code _props} functions, so the variadic forms are used), and then
 * requires every C function's call count to have grown.
 */
class BindingCoverageTest {
  @Test
  void everyRowHasAHandleAndAPublicCaller(@TempDir Path dir) throws Exception {
    AbiStub current = AbiStub.current();
    AbiStub old = AbiStub.get(AbiStub.OLD);
    for (Binding b : BindingTable.rows()) {
      if (b.variadic()) {
        assertNotNull(current.api().variadic(b.name(), 2), b.name());
      } else {
        assertNotNull(current.api().handle(b.name()), b.name());
      }
    }
    Map<String, Integer> before = new HashMap<>();
    for (Binding b : BindingTable.rows()) {
      before.put(b.name(), current.calls(b.name()) + old.calls(b.name()));
    }
    try {
      old.install();
      tour(dir, true);
      current.install();
      tour(dir, false);
    } finally {
      current.install();
    }
    List<String> missed = new ArrayList<>();
    for (Binding b : BindingTable.rows()) {
      if (current.calls(b.name()) + old.calls(b.name()) <= before.get(b.name())) {
        missed.add(b.name());
      }
    }
    assertEquals(List.of(), missed, "rows never called through the public API");
  }

  /** Uses each public operation once; {@code oldRuntime} selects the paths a 2025 runtime takes. */
  private static void tour(Path dir, boolean oldRuntime) throws Exception {
    assertEquals(oldRuntime ? "2025.2.0-stub" : "2026.4.0-stub", Core.version().buildNumber());
    List<String> log = new ArrayList<>();
    OpenVinoLog.route(log::add);
    OpenVinoLog.reset();
    try (Core core = Core.create();
        Core withConfig = Core.create(Path.of("/p/plugins.xml"));
        Core wide = Core.create(Path.of("/p/pl\u00fcgins.xml"))) {
      assertTrue(core.availableDevices().contains("CPU"));
      assertEquals(1, core.versions("CPU").size());
      core.setProperty("CPU", Props.NUM_STREAMS, 2);
      assertEquals(2, core.getProperty("CPU", Props.NUM_STREAMS));
      core.addExtension(Path.of("/ext/x.so"));
      assertThrows(OpenVinoException.class, () -> core.readModel(Path.of("bad.xml")));
      try (Model model = core.readModel(Path.of("/m/dyn.xml"), Path.of("/m/dyn.bin"));
          Model wideModel = core.readModel(Path.of("/m/\u00e9.xml"));
          Tensor weights = Tensor.allocateHost(ElementType.U8, Shape.of(8));
          Model memModel = core.readModel("<net/>", weights)) {
        assertTrue(model.isDynamic());
        ports(model);
        model.reshape(PartialShape.of(1, 4));
        model.reshape("x", PartialShape.of(2, 4));
        model.reshapeByName(Map.of("x", PartialShape.of(Dimension.range(1, 3), Dimension.of(4))));
        model.reshapeByIndex(Map.of(0, PartialShape.of(3, 4)));
        model.reshapeByPort(Map.of(model.input(0), PartialShape.of(1, 4)));
        assertEquals("stub_model", wideModel.friendlyName());
        assertEquals(1, memModel.outputCount());
        Model processed;
        try (PrePostProcessor ppp = PrePostProcessor.of(model)) {
          prePost(ppp);
          processed = ppp.build();
        }
        processed.close();
        Properties props = Properties.of().set(Hint.PERFORMANCE_MODE, Hint.PerformanceMode.THROUGHPUT);
        try (CompiledModel c = core.compileModel(model, "CPU", props)) {
          compiled(c, core, dir);
        }
        core.compileModel(dir.resolve("a.xml"), "CPU", props).close();
        core.compileModel(Path.of("/m/\u00e4.xml"), "CPU", props).close();
        Map<String, Object> params = Map.of("OCL_QUEUE", MemorySegment.NULL);
        try (RemoteContext ctx = core.createContext("GPU", params); RemoteContext def = core.defaultContext("GPU")) {
          assertEquals(2, ctx.params().count());
          assertEquals("GPU", def.deviceName());
          try (Tensor r = ctx.createTensor(ElementType.F32, Shape.of(2), Map.of("SHARED_MEM_TYPE", "OCL_BUFFER"));
              Tensor h = ctx.createHostTensor(ElementType.F32, Shape.of(2))) {
            assertEquals("GPU.0", r.remoteDeviceName());
            assertTrue(r.remoteParams().contains("OCL_BUFFER"));
            assertEquals(8, h.byteSize());
          }
          core.compileModel(model, ctx, Properties.of()).close();
        }
      }
      assertEquals(List.of(), log);
    }
    shapes();
    Core.shutdown();
  }

  private static void ports(Model model) {
    assertEquals(1, model.inputCount());
    assertEquals(1, model.outputCount());
    assertEquals("x", model.input().name());
    assertEquals("x", model.input("x").name());
    assertEquals(1, model.inputs().size());
    assertEquals(Shape.of(1, 4), model.output().shape());
    assertEquals(Shape.of(1, 4), model.output("y").shape());
    assertEquals(Shape.of(1, 4), model.outputs().get(0).shape());
    model.reshape(PartialShape.of(1, 4));
    assertEquals(Shape.of(1, 4), model.input().shape());
    assertEquals(Shape.of(1, 4), model.input("x").shape());
    assertEquals(Shape.of(1, 4), model.input(0).shape());
  }

  private static void prePost(PrePostProcessor ppp) {
    try (Tensor example = Tensor.allocate(ElementType.U8, Shape.of(1, 4))) {
      var in = ppp.input();
      in.tensor().setElementType(ElementType.U8).setLayout(Layout.of("NC")).setColorFormat(PrePostProcessor.ColorFormat.RGB)
          .setColorFormat(PrePostProcessor.ColorFormat.I420_THREE_PLANES, "y", "u", "v").setSpatialStaticShape(2, 2)
          .setMemoryType("mem").setFrom(example);
      in.preprocess().convertElementType(ElementType.F32).convertColor(PrePostProcessor.ColorFormat.BGR)
          .resize(PrePostProcessor.ResizeAlgorithm.LINEAR).mean(1f).mean(1f, 2f).scale(2f).scale(2f, 3f)
          .crop(new int[] {0, 0}, new int[] {1, 4}).pad(new int[] {0, 0}, new int[] {0, 0}, 0f, PrePostProcessor.PaddingMode.EDGE)
          .convertLayout(Layout.of("NC")).reverseChannels();
      in.model().setLayout(Layout.of("NC"));
      ppp.input("x");
      ppp.input(0);
      ppp.output().tensor().setElementType(ElementType.F32);
      ppp.output("y");
      ppp.output(0);
    }
  }

  private static void compiled(CompiledModel c, Core core, Path dir) throws Exception {
    assertEquals(1, c.inputCount());
    assertEquals(1, c.outputCount());
    assertEquals("x", c.input().name());
    assertEquals("x", c.input("x").name());
    assertEquals(Shape.of(1, 4), c.inputs().get(0).shape());
    assertEquals("y", c.output().name());
    assertEquals("y", c.output("y").name());
    assertEquals("y", c.outputs().get(0).name());
    c.setProperty(Props.NUM_STREAMS, 3);
    assertEquals(3, c.getProperty(Props.NUM_STREAMS));
    try (Model rm = c.runtimeModel(); RemoteContext ctx = c.context()) {
      assertEquals("CPU", ctx.deviceName());
      assertNotNull(rm.friendlyName());
    }
    byte[] blob = c.exportModel();
    core.importModel(blob, "CPU").close();
    try (InferRequest r = c.createInferRequest();
        Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4);
        Tensor y = Tensor.allocateHost(ElementType.F32, Shape.of(1, 4))) {
      r.setTensor("x", x);
      r.setTensor(c.input(), x);
      r.setInputTensor(0, x);
      r.setInputTensor(x);
      r.setOutputTensor(0, y);
      r.setOutputTensor(y);
      r.infer();
      assertEquals(3f, TensorData.toFloatArray(y)[0]);
      try (Tensor a = r.getTensor("y"); Tensor b = r.getTensor(c.output()); Tensor d = r.getInputTensor(0);
          Tensor e = r.getInputTensor(); Tensor f = r.getOutputTensor(0); Tensor g = r.getOutputTensor()) {
        for (Tensor t : List.of(a, b, d, e, f, g)) {
          assertEquals(4, t.size());
        }
      }
      assertEquals(r, r.startAsync().get(5, TimeUnit.SECONDS));
      r.startAsync();
      r.await();
      r.startAsync();
      assertTrue(r.waitFor(Duration.ofSeconds(5)));
      r.cancel();
      assertEquals(2, r.profilingInfo().size());
    }
    try (Model m = core.readModel(Path.of("m.xml")); InferRequest r = c.createInferRequest();
        Tensor x = Tensor.of(Shape.of(1, 4), 1, 1, 1, 1)) {
      r.setTensor(m.input(), x);
      try (Tensor t = r.getTensor(m.output())) {
        assertEquals(4, t.size());
      }
    }
    Path file = dir.resolve("c.blob");
    c.exportModel(file);
    core.importModel(file, "CPU").close();
  }

  private static void shapes() {
    try (Tensor t = Tensor.allocate(ElementType.F32, Shape.of(2, 2)); Tensor s = Tensor.ofStrings(Shape.of(1), "a")) {
      t.setShape(Shape.of(4));
      assertEquals(Shape.of(4), t.shape());
      assertEquals(ElementType.F32, t.elementType());
      assertEquals(16, t.byteSize());
      assertEquals(4, t.asFloatBuffer().capacity());
      s.setStrings("b");
    }
    assertEquals(Shape.of(2), NativeShapes.toShape(PartialShape.of(2)));
    assertEquals(PartialShape.of(2), NativeShapes.toPartialShape(Shape.of(2)));
    assertTrue(NativeShapes.isDynamic(PartialShape.dynamicRank()));
    assertEquals("[?,2]", NativeShapes.describe(PartialShape.of(-1, 2)));
    assertTrue(NativeShapes.isDynamic(Dimension.dynamic()));
    assertTrue(NativeShapes.isRankDynamic(Dimension.dynamic()));
    assertEquals("[N,C]", Layout.of("NC").toString());
  }
}
