/**
 * NNCF's data-free weight compression ({@code compress_weights}, OpenVINO backend) on the IR model of
 * {@code dev.jvino.ir}: weight discovery in NNCF's node order, ignored scope and NNCF's ignored
 * patterns, backup/primary precision choice with data-free or data-aware mixed precision and the group-size
 * fallbacks, AWQ ({@link dev.jvino.nncf.compression.Awq}) and scale estimation
 * ({@link dev.jvino.nncf.compression.ScaleEstimation}) for INT4 MatMul weights, the decompression subgraphs
 * and rt_info NNCF writes, and its bitwidth table.
 *
 * <pre>{@code
 * CompressionResult r = Nncf.compressWeights(model, CompressWeightsOptions.builder()
 *     .mode(CompressWeightsMode.INT4_ASYM).groupSize(128).ratio(0.8f).build());
 * System.out.println(r.distribution().toTable());
 * // or file to file, one weight at a time:
 * Nncf.compressWeights(Path.of("in.xml"), Path.of("out.xml"), options);
 * }</pre>
 */
package dev.jvino.nncf.compression;
