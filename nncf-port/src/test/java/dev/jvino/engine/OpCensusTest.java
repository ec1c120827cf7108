package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.OpCensus.Coverage;
import dev.jvino.engine.OpCensus.ModelOps;
import dev.jvino.engine.OpCensus.OpUse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The op census of real IR files (see {@link OpCensus}): the committed lists are well formed, support is
 * decided as the engine dispatches, and docs/census/ops-census.md shows the current figures. Run with
 * {@code -Dcensus.write=true} to rewrite the document's table after kernels change.
 */
class OpCensusTest {
  private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/census/ops-census.md");

  @Test
  void documentShowsTheCurrentCoverage() throws IOException {
    String section = OpCensus.table(OpCensus.coverage(OpCensus.load()));
    System.out.println(section);
    String doc = Files.readString(DOC);
    if (Boolean.getBoolean("census.write")) {
      Files.writeString(DOC, OpCensus.replaceSection(doc, section));
      doc = Files.readString(DOC);
    }
    assertEquals(section, OpCensus.section(doc), DOC.normalize() + " is out of date; regenerate it with: "
        + "mvn -B -q -o -pl nncf-port test -Dtest=OpCensusTest -Dcensus.write=true");
  }

  @Test
  void committedListsNameRealPublishedFiles() {
    List<ModelOps> models = OpCensus.load();
    assertTrue(models.size() >= 8, "models: " + models.size());
    for (ModelOps m : models) {
      assertTrue(m.commit().matches("[0-9a-f]{40}"), m.id() + " commit");
      assertTrue(m.path().endsWith(".xml"), m.id() + " path");
      assertEquals("https://github.com/" + m.repo() + "/blob/" + m.commit() + "/" + m.path(), m.url(), m.id());
      assertFalse(m.model() == null || m.model().isBlank(), m.id() + " model");
      assertTrue(m.ops().stream().anyMatch(o -> o.irType().equals("Parameter")), m.id() + " has inputs");
      for (OpUse o : m.ops()) {
        assertTrue(o.version().matches("opset\\d+|extension"), m.id() + ": " + o.label());
        assertTrue(o.layers() > 0, m.id() + ": " + o.label());
      }
    }
    ModelOps yolo = models.stream().filter(m -> m.id().equals("yolov8n")).findFirst().orElseThrow();
    assertEquals(64, yolo.ops().stream().filter(o -> o.irType().equals("Convolution")).findFirst().orElseThrow()
        .layers());
  }

  @Test
  void supportFollowsTheEnginesDispatch() {
    KernelTable t = KernelTable.standard();
    assertTrue(OpCensus.supported(t, "Const", "opset1"));
    assertTrue(OpCensus.supported(t, "Parameter", "opset1"));
    assertTrue(OpCensus.supported(t, "ReadValue", "opset6"));
    assertTrue(OpCensus.supported(t, "SoftMax", "opset8"), "IR spelling of Softmax");
    assertTrue(OpCensus.supported(t, "ReLU", "opset1"), "IR spelling of Relu");
    assertTrue(OpCensus.supported(t, "Convolution", "opset1"));
    assertTrue(OpCensus.supported(t, "ScatterUpdate", "opset3"));
    assertTrue(OpCensus.supported(t, "Tile", "opset1"), "ExtraKernels fallback");
    assertFalse(OpCensus.supported(t, "ScatterUpdate", "opset1"), "ScatterUpdate first appears in opset3");
    assertFalse(OpCensus.supported(t, "BPETokenizer", "extension"));
    assertFalse(OpCensus.supported(t, "NoSuchOp", "opset13"));
  }

  @Test
  void tableCountsModelsAndLayers() {
    ModelOps m = new ModelOps("toy", "Toy model", "owner/repo", "0123456789abcdef0123456789abcdef01234567", "m.xml",
        "https://github.com/owner/repo/blob/0123456789abcdef0123456789abcdef01234567/m.xml",
        List.of(new OpUse("Parameter", "opset1", 1), new OpUse("NoSuchOp", "opset13", 3)));
    List<Coverage> c = OpCensus.coverage(List.of(m));
    assertEquals(List.of(new OpUse("NoSuchOp", "opset13", 3)), c.get(0).unsupported());
    String table = OpCensus.table(c);
    assertTrue(table.contains("| toy: Toy model | [owner/repo @ 0123456789 : m.xml]"), table);
    assertTrue(table.contains("| 4 | 2 | NoSuchOp-opset13 (3) |"), table);
    assertTrue(table.contains("**0 of 1 models have a reference kernel for every op; 1 of 4 layers have a kernel.**"),
        table);
    assertTrue(table.contains("- NoSuchOp-opset13: toy"), table);
    assertEquals("a" + table + "b", OpCensus.replaceSection("a" + OpCensus.BEGIN + "old" + OpCensus.END + "b", table));
  }
}
