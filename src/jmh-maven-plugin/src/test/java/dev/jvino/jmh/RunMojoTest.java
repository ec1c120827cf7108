package dev.jvino.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunMojoTest {

  @Test
  void splitsJmhArgumentsKeepingQuotedRunsTogether() {
    assertEquals(
        List.of("-f", "1", "-wi", "2", "-jvmArgs", "-Xmx1g -Dx=y", "Kernel"),
        RunMojo.splitArgs("-f 1  -wi 2 -jvmArgs \"-Xmx1g -Dx=y\" Kernel"));
    assertEquals(List.of(), RunMojo.splitArgs("   "));
    assertEquals(List.of(""), RunMojo.splitArgs("''"));
  }

  @Test
  void commandRunsJmhMainOnTheClassPathWithNativeAccess() {
    List<String> command =
        RunMojo.buildCommand("/jdk/bin/java", List.of("/a.jar", "/b"), "-Xmx2g", "org.openjdk.jmh.Main", "-l");
    assertEquals(
        List.of(
            "/jdk/bin/java",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--add-modules=jdk.incubator.vector",
            "-Xmx2g",
            "-cp",
            "/a.jar" + java.io.File.pathSeparator + "/b",
            "org.openjdk.jmh.Main",
            "-l"),
        command);
  }
}
