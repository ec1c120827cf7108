/**
 * Low-precision number formats used by compressed OpenVINO weights: IEEE binary16, bfloat16, OCP FP8
 * (E4M3 "fn", E5M2), the E8M0 power-of-two scale, FP4 E2M1, the NF4 table, and the sub-byte packing
 * OpenVINO uses for 4-bit and 1-bit constants.
 */
package dev.jvino.numeric;
