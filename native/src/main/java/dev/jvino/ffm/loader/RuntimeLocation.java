package dev.jvino.ffm.loader;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenVINO runtime found on disk.
 *
 * @param source the search rule that found it
 * @param libraryDir the directory holding {@code libopenvino_c}
 * @param cLibrary the C API library, possibly a versioned soname such as {@code libopenvino_c.so.2621}
 * @param coreLibrary {@code libopenvino}, which the C library links against
 * @param preload libraries to load by absolute path before {@code libopenvino_c}, in order (TBB, then
 *     {@code libopenvino})
 * @param pluginDir where the device plugins and frontends are ({@code openvino-<version>/} in the APT
 *     layout, otherwise the library directory)
 * @param fileVersion the version read from the library's file name, if it carries one; the loaded
 *     runtime's own {@code ov_get_openvino_version} is the authority
 */
public record RuntimeLocation(
    SearchSource source,
    Path libraryDir,
    Path cLibrary,
    Path coreLibrary,
    List<Path> preload,
    Path pluginDir,
    Optional<String> fileVersion) {
  public RuntimeLocation {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(libraryDir, "libraryDir");
    Objects.requireNonNull(cLibrary, "cLibrary");
    Objects.requireNonNull(coreLibrary, "coreLibrary");
    preload = List.copyOf(preload);
    Objects.requireNonNull(pluginDir, "pluginDir");
    Objects.requireNonNull(fileVersion, "fileVersion");
  }
}
