package dev.jvino.openvino;

/**
 * A runtime or plugin version.
 *
 * @param buildNumber e.g. {@code 2026.2.1-21919-ede283a88e3}
 * @param description e.g. {@code OpenVINO Runtime}
 */
public record Version(String buildNumber, String description) {}
