/**
 * NNCF's statistics collection: {@link dev.jvino.nncf.statistics.TargetPoint}s on node inputs and
 * outputs, {@link dev.jvino.nncf.statistics.Reducer}s applied per sample (in the model when inplace),
 * {@link dev.jvino.nncf.statistics.Aggregator}s across samples, grouped in
 * {@link dev.jvino.nncf.statistics.TensorCollector}s and gathered in one pass over a dataset by the
 * {@link dev.jvino.nncf.statistics.StatisticsCollector}, which rewrites the IR the way NNCF's OpenVINO
 * backend does ({@link dev.jvino.nncf.statistics.StatisticsModelRewriter}).
 *
 * <pre>{@code
 * TensorCollector minMax = Collectors.minMax(null, List.of(0), false, true, OptionalInt.of(300), true);
 * new StatisticsCollector(Engines.auto()).collect(model,
 *     List.of(new StatisticPoint(TargetPoint.preLayer("conv1", 0), minMax, "MinMax")), dataset, 300);
 * NdArray low = minMax.statistic(Collectors.MIN).tensor();
 * }</pre>
 */
package dev.jvino.nncf.statistics;
