package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK detection that ./build, ./jvino and .ci/run share (scripts/jdk.sh), run with bash over fake JDKs. */
class LauncherJdkTest {
  @TempDir Path sandbox;

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("scripts/jdk.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("scripts/jdk.sh not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** A fake JDK: bin/java and bin/javac scripts and a release file saying {@code version}. */
  static Path fakeJdk(Path home, String version, boolean withReleaseFile) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    for (String tool : List.of("java", "javac")) {
      Path script = home.resolve("bin").resolve(tool);
      Files.writeString(script, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2026-01-01' >&2\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (withReleaseFile) {
      Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
    }
    return home;
  }

  record Result(int code, String out, String err) {}

  Result findJdk(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        ". \"$1/scripts/jdk.sh\" && jvino_find_jdk && printf '%s' \"$JAVA_HOME\"", "find", repositoryRoot().toString());
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    Path errFile = sandbox.resolve("stderr");
    pb.redirectError(errFile.toFile());
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    return new Result(code, out, Files.readString(errFile));
  }

  @Test
  void javaHome17IsRefusedWithAMessageNamingWhatToInstall() throws Exception {
    Path jdk17 = fakeJdk(sandbox.resolve("jdk-17"), "17.0.15", true);
    Path emptyJvmDir = Files.createDirectories(sandbox.resolve("jvm"));
    Result r = findJdk(Map.of("JAVA_HOME", jdk17.toString(), "JVINO_JVM_DIRS", emptyJvmDir.toString()));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("JAVA_HOME=" + jdk17 + " is Java 17; jvino needs 25+."), r.err());
    assertTrue(r.err().contains("no JDK 25 or newer found"), r.err());
    assertTrue(r.err().contains("install a JDK 25, e.g. Eclipse Temurin 25"), r.err());
  }

  @Test
  void javaHome17FallsBackToTheNewestJdk25InTheJvmFolders() throws Exception {
    Path jvm = Files.createDirectories(sandbox.resolve("jvm"));
    Path jdk17 = fakeJdk(jvm.resolve("java-17-openjdk-amd64"), "17.0.15", true);
    fakeJdk(jvm.resolve("temurin-25-jdk-amd64"), "25.0.3", true);
    Path jdk26 = fakeJdk(jvm.resolve("jdk-26"), "26", false);
    Files.createDirectories(jvm.resolve("not-a-jdk"));
    Result r = findJdk(Map.of("JAVA_HOME", jdk17.toString(), "JVINO_JVM_DIRS", jvm.toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals(jdk26.toString(), r.out());
  }

  @Test
  void javaHome25IsUsedAsIs() throws Exception {
    Path jdk25 = fakeJdk(sandbox.resolve("my-jdk"), "25.0.1", true);
    Result r = findJdk(Map.of("JAVA_HOME", jdk25.toString(), "JVINO_JVM_DIRS", sandbox.resolve("none").toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals(jdk25.toString(), r.out());
  }

  @Test
  void theJvinoLauncherStopsWithTheMessageWhenNoJdk25Exists() throws Exception {
    Path jdk17 = fakeJdk(sandbox.resolve("jdk-17"), "17.0.15", true);
    ProcessBuilder pb = new ProcessBuilder("bash", repositoryRoot().resolve("jvino").toString(), "info");
    pb.environment().put("JAVA_HOME", jdk17.toString());
    pb.environment().put("JVINO_JVM_DIRS", sandbox.resolve("none").toString());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, process.waitFor(), output);
    assertTrue(output.contains("jvino: JAVA_HOME=" + jdk17 + " is Java 17; jvino needs 25+."), output);
    assertTrue(output.contains("install a JDK 25"), output);
  }
}
