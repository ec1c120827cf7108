package dev.jvino.jmh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mvn -pl bench jmh:run}: forks {@code org.openjdk.jmh.Main} on the module's runtime class path,
 * with native access enabled, passing {@code -Djmh.args="..."} through to JMH.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class RunMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** JMH command-line options, for example {@code -f 1 -wi 2 -i 3 Kernel}; {@code -l} lists. */
  @Parameter(property = "jmh.args", defaultValue = "")
  private String args;

  /** Extra options for the JVM that runs JMH's runner (JMH forks inherit them). */
  @Parameter(property = "jmh.jvmArgs", defaultValue = "")
  private String jvmArgs;

  /** The main class to run; JMH's own by default. */
  @Parameter(property = "jmh.mainClass", defaultValue = "org.openjdk.jmh.Main")
  private String mainClass;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    List<String> classPath;
    try {
      classPath = project.getRuntimeClasspathElements();
    } catch (Exception e) {
      throw new MojoExecutionException("cannot resolve the runtime class path of " + project.getId(), e);
    }
    List<String> command = buildCommand(javaExecutable(), classPath, jvmArgs, mainClass, args);
    getLog().info("JMH: " + String.join(" ", command.subList(command.indexOf(mainClass), command.size())));
    int exit;
    try {
      Process process =
          new ProcessBuilder(command).directory(project.getBasedir()).inheritIO().start();
      exit = process.waitFor();
    } catch (IOException e) {
      throw new MojoExecutionException("cannot start " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while JMH was running", e);
    }
    if (exit != 0) {
      throw new MojoFailureException("JMH exited with status " + exit);
    }
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The forked command line: java, JVM flags, class path, main class, then the split JMH options. */
  static List<String> buildCommand(
      String java, List<String> classPath, String jvmArgs, String mainClass, String jmhArgs) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("--add-modules=jdk.incubator.vector");
    command.addAll(splitArgs(jvmArgs));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(mainClass);
    command.addAll(splitArgs(jmhArgs));
    return command;
  }

  /** Splits on whitespace, keeping double- or single-quoted runs together (quotes removed). */
  static List<String> splitArgs(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    StringBuilder current = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          out.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      } else {
        current.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      out.add(current.toString());
    }
    return out;
  }
}
