package dev.jvino.ir;

/**
 * How {@code u2}, {@code u3} and {@code u6} values are packed. OpenVINO changed this rule: releases up
 * to 2025 pack u2 most-significant-first and u3/u6 in 3-byte groups ({@link #LEGACY}); 2026 packs them
 * as a least-significant-first bit stream ({@link #LSB_STREAM}). {@code u1} is MSB-first and the
 * nibble types are low-nibble-first in every release; this rule does not affect them.
 */
public enum SubBytePacking {
  /** u2 MSB-first; u3/u6 in 3-byte groups (OpenVINO 2024, 2025). */
  LEGACY,
  /** value i occupies bits [i*w, i*w+w) of a little-endian bit stream (OpenVINO 2026). */
  LSB_STREAM
}
