/**
 * NNCF's {@code quantize_with_accuracy_control} for OpenVINO models: {@link dev.jvino.nncf.accuracy.AccuracyControl}
 * (entry point, reached through {@link dev.jvino.nncf.Nncf#quantizeWithAccuracyControl}), the grouping of
 * quantizers ({@link dev.jvino.nncf.accuracy.QuantizerGroups}), the hyperparameter search of {@code tune_hyperparams}
 * ({@link dev.jvino.nncf.accuracy.HyperparameterSearch}, {@link dev.jvino.nncf.accuracy.TunerParameter}) and the run's
 * {@link dev.jvino.nncf.accuracy.AccuracyControlReport}.
 */
package dev.jvino.nncf.accuracy;
