package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrittenFilePermissionsTest {
  @TempDir Path dir;

  @Test
  void theFinishedIrIsReadableByEveryoneLikeOpenVinosOwnFiles() throws Exception {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2));
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {2, 2}, 1, 2, 3, 4));
    Model m = new Model("m", List.of(x), List.of(Ops.result(Ops.matMul(x.output(), w.output(), false, false).output())));
    Path xml = dir.resolve("m.xml");
    IrWriter.write(m, xml);
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(xml)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("m.bin"))));
  }
}
