/**
 * NNCF's statistics cache on disk ({@code advanced_parameters.statistics_path}): the safetensors format
 * ({@link dev.jvino.nncf.statistics.cache.Safetensors}), the cache directory with its metadata file and
 * file-name sanitization ({@link dev.jvino.nncf.statistics.cache.StatisticsCacheDir}) and their typed errors.
 * Which statistics weight compression caches, and how they map to jvino's activation statistics, is in
 * {@link dev.jvino.nncf.compression.WeightStatisticsCache}.
 */
package dev.jvino.nncf.statistics.cache;
