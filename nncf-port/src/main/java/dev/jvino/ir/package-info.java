/**
 * jvino's model layer: an in-memory OpenVINO model graph.
 *
 * <p>{@link dev.jvino.ir.Model} holds Parameters, Results, sinks and rt_info; its ops are
 * {@link dev.jvino.ir.Node}s with typed {@link dev.jvino.ir.Attributes}, {@link dev.jvino.ir.Input}s and
 * {@link dev.jvino.ir.Output}s (element type, {@link dev.jvino.ir.PartialShape}, tensor names,
 * consumers). Constants hold {@link dev.jvino.ir.ConstantData}, read lazily from a memory-mapped
 * {@link dev.jvino.ir.WeightsFile}. {@link dev.jvino.ir.Ops} builds nodes with shape and type inference;
 * {@link dev.jvino.ir.Model} edits keep the graph valid. {@link dev.jvino.ir.NncfOrder},
 * {@link dev.jvino.ir.Pattern} and {@link dev.jvino.ir.ModelSummary} serve the NNCF port and the CLI.
 * Reading and writing IR files is in {@link dev.jvino.ir.io}.
 */
package dev.jvino.ir;
