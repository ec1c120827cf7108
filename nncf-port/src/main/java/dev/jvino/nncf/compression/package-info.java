/**
 * NNCF's data-free weight compression ({@code compress_weights}) on the OpenVINO IR model of
 * {@code dev.jvino.ir}: weight discovery, ignored scope, mixed precision, group-size fallback, the
 * decompression subgraphs and rt_info NNCF's OpenVINO backend writes, and the bitwidth table.
 */
package dev.jvino.nncf.compression;
