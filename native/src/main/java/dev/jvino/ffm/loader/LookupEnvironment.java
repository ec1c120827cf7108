package dev.jvino.ffm.loader;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the locator reads from the outside world: environment variables, system properties and the
 * fixed folders of each layout. {@link #system()} is the real one; tests build their own over fake
 * directory trees.
 *
 * @param env environment variable lookup
 * @param properties system property lookup
 * @param optIntel the folder holding {@code openvino*} archive installs ({@code /opt/intel})
 * @param systemLibraryDirs the APT library folders ({@code /usr/lib/x86_64-linux-gnu}, ...)
 * @param pythonSitePackages folders that may hold a pip-installed {@code openvino} package
 * @param classPath the class path entries searched for an {@code org.bytedeco:openvino} jar
 * @param extractionRoot where a jar's runtime tree is extracted
 */
public record LookupEnvironment(
    Function<String, @Nullable String> env,
    Function<String, @Nullable String> properties,
    Path optIntel,
    List<Path> systemLibraryDirs,
    List<Path> pythonSitePackages,
    List<Path> classPath,
    Path extractionRoot) {

  public LookupEnvironment {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(optIntel, "optIntel");
    systemLibraryDirs = List.copyOf(systemLibraryDirs);
    pythonSitePackages = List.copyOf(pythonSitePackages);
    classPath = List.copyOf(classPath);
    Objects.requireNonNull(extractionRoot, "extractionRoot");
  }

  /** The environment of this process. */
  public static LookupEnvironment system() {
    Map<String, String> env = System.getenv();
    Path home = Path.of(System.getProperty("user.home", "/root"));
    List<Path> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        classPath.add(Path.of(entry));
      }
    }
    return new LookupEnvironment(
        env::get,
        System::getProperty,
        Path.of("/opt/intel"),
        List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib64"), Path.of("/usr/local/lib")),
        PythonSitePackages.candidates(env::get, home),
        classPath,
        Path.of(System.getProperty("java.io.tmpdir"), "jvino-openvino-" + System.getProperty("user.name", "user")));
  }
}
