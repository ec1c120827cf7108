package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NNCF's recurrent test models (tests/openvino/native/models.py: LSTMSequenceModel, GRUSequenceModel,
 * LSTMModel) rebuilt with {@link Ops}, written to IR and read back, run on the reference engine and
 * compared with the numpy forward passes of {@code tools/fixtures/gen_recurrent_fixtures.py}. The
 * {@code nncf} cases use NNCF's own weights (zero W/R/B, MatMul constants from
 * {@code default_rng(0)}); the {@code rand} cases give the recurrences seeded random weights.
 */
class RecurrentModelsEndToEndTest {
  private static final String G = "recurrent_models";
  private static final int HIDDEN = 128;
  private static final ElementType F32 = ElementType.F32;

  /** A constant from {@code case_name.npy}, or zeros of {@code shape} when the script stored none. */
  private static Output weight(String c, String name, long... shape) {
    String file = c + "_" + name + ".npy";
    float[] v = Fixtures.exists(G, file) ? Fixtures.npy(G, file).floats() : new float[(int) size(shape)];
    if (Fixtures.exists(G, file)) {
      assertArrayEquals(shape, Fixtures.npy(G, file).shape(), file);
    }
    return Ops.constant(name, ConstantData.ofFloats(F32, shape, v)).output();
  }

  private static long size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static NdArray npy(String c, String name) {
    return Fixtures.npy(G, c + "_" + name + ".npy");
  }

  private static Model roundTrip(Model m) {
    IrWriter.Serialized ir = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    return IrReader.read(ir.xml(), ir.weights(), IrReader.Options.DEFAULT);
  }

  private static void recurrentAttrs(Node n) {
    n.attributes().set("hidden_size", HIDDEN).set("direction", "forward").set("activations_alpha", "")
        .set("activations_beta", "").set("clip", 0.0);
  }

  static Model lstmSequenceModel(String c) {
    Node x = Ops.parameter("X", F32, PartialShape.of(1, 2, 16));
    Node h = Ops.parameter("initial_hidden_state", F32, PartialShape.of(1, 1, HIDDEN));
    Node cs = Ops.parameter("initial_cell_state", F32, PartialShape.of(1, 1, HIDDEN));
    Output seq = Ops.constant(ConstantData.ofLongs(ElementType.I32, new long[] {1}, 2)).output();
    Node lstm = Ops.node("LSTMSequence", "opset5", List.of(x.output(), h.output(), cs.output(), seq,
        weight(c, "w", 1, 4 * HIDDEN, 16), weight(c, "r", 1, 4 * HIDDEN, HIDDEN), weight(c, "b", 1, 4 * HIDDEN)));
    lstm.setName("LSTMSequence");
    recurrentAttrs(lstm);
    lstm.attributes().set("activations", "sigmoid,tanh,tanh");
    lstm.addOutput(F32, PartialShape.of(1, 1, 2, HIDDEN));
    lstm.addOutput(F32, PartialShape.of(1, 1, HIDDEN));
    lstm.addOutput(F32, PartialShape.of(1, 1, HIDDEN));
    Node mm = Ops.matMul(lstm.output(1), weight(c, "data", 1, 1, HIDDEN, 3), false, false);
    return new Model("LSTMSequenceModel", List.of(x, h, cs), List.of(Ops.result(mm.output())));
  }

  static Model gruSequenceModel(String c, boolean linearBeforeReset) {
    Node x = Ops.parameter("X", F32, PartialShape.of(3, 2, 16));
    Node h = Ops.parameter("initial_hidden_state", F32, PartialShape.of(3, 1, HIDDEN));
    Output seq = Ops.constant(ConstantData.ofLongs(ElementType.I32, new long[] {3}, 1, 2, 3)).output();
    int biasBlocks = linearBeforeReset ? 4 : 3;
    Node gru = Ops.node("GRUSequence", "opset5", List.of(x.output(), h.output(), seq,
        weight(c, "w", 1, 3 * HIDDEN, 16), weight(c, "r", 1, 3 * HIDDEN, HIDDEN),
        weight(c, "b", 1, biasBlocks * HIDDEN)));
    gru.setName("GRUSequence");
    recurrentAttrs(gru);
    gru.attributes().set("activations", "sigmoid,tanh").set("linear_before_reset", linearBeforeReset);
    gru.addOutput(F32, PartialShape.of(3, 1, 2, HIDDEN));
    gru.addOutput(F32, PartialShape.of(3, 1, HIDDEN));
    Node mm = Ops.matMul(gru.output(0), weight(c, "data", 3, 1, HIDDEN, 3), false, false);
    return new Model("GRUSequenceModel", List.of(x, h), List.of(Ops.result(mm.output())));
  }

  private static void checkLstmSequence(String c) {
    Model m = roundTrip(lstmSequenceModel(c));
    NdArray y = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(npy(c, "x"), npy(c, "h0"), npy(c, "c0"))).get(0);
    Fixtures.assertClose(npy(c, "result"), y, 1e-5, 1e-5, c);
  }

  private static void checkGruSequence(String c, boolean linearBeforeReset) {
    Model m = roundTrip(gruSequenceModel(c, linearBeforeReset));
    assertEquals(String.valueOf(linearBeforeReset),
        m.node("GRUSequence").orElseThrow().attributes().string("linear_before_reset"));
    NdArray y = new ReferenceEngine().compile(m).createSession().infer(List.of(npy(c, "x"), npy(c, "h0"))).get(0);
    Fixtures.assertClose(npy(c, "result"), y, 1e-5, 1e-5, c);
  }

  @Test
  void lstmSequenceModelWithNncfWeights() {
    checkLstmSequence("lstm_seq_nncf");
  }

  @Test
  void lstmSequenceModelWithRandomWeights() {
    checkLstmSequence("lstm_seq_rand");
  }

  @Test
  void gruSequenceModelWithNncfWeights() {
    checkGruSequence("gru_seq_nncf", true);
  }

  @Test
  void gruSequenceModelWithRandomWeightsBothResetModes() {
    checkGruSequence("gru_seq_rand_lbr0", false);
    checkGruSequence("gru_seq_rand_lbr1", true);
  }

  /** NNCF's LSTMModel: an unrolled LSTM cell whose hidden state lives in variable_id_1. */
  static Model lstmModel(String c) {
    Node in = Ops.parameter("Input", F32, PartialShape.of(1, 1, 128));
    Node squeeze = Ops.node("Squeeze", "opset1", List.of(in.output(), Ops.constant(ConstantData.i64Scalar(1)).output()));
    Output sq = squeeze.addOutput(F32, PartialShape.of(1, 128));
    Output mm1 = Ops.matMul(sq, weight(c, "w1", 256, 128), false, true).output();
    Node read = Ops.readValue(weight(c, "init", 1, 64), "variable_id_1");
    Output add = Ops.add(read.output(), weight(c, "add_c", 1, 64)).output();
    Output mm2 = Ops.matMul(add, weight(c, "w2", 256, 64), false, true).output();
    Output add1 = Ops.add(mm1, mm2).output();
    Node split = Ops.node("Split", "opset1", List.of(add1, Ops.constant(ConstantData.i64Scalar(1)).output()));
    split.attributes().set("num_splits", 4);
    for (int i = 0; i < 4; i++) {
      split.addOutput(F32, PartialShape.of(1, 64));
    }
    Output s1 = Ops.unary("Sigmoid", split.output(0)).output();
    Output s2 = Ops.unary("Sigmoid", split.output(1)).output();
    Output s3 = Ops.unary("Sigmoid", split.output(2)).output();
    Output t1 = Ops.unary("Tanh", split.output(3)).output();
    Output m1 = Ops.multiply(s1, weight(c, "cell_c", 1, 64)).output();
    Output m2 = Ops.multiply(t1, s2).output();
    Output t2 = Ops.unary("Tanh", Ops.add(m1, m2).output()).output();
    Output m3 = Ops.multiply(s3, t2).output();
    Node assign = Ops.assign(m3, "variable_id_1");
    Output mm3 = Ops.matMul(m3, weight(c, "w3", 128, 64), false, true).output();
    return new Model("LSTMModel", List.of(in), List.of(Ops.result(mm3)), List.of(assign));
  }

  @Test
  void lstmModelCarriesItsStateAcrossInferences() {
    String c = "lstm_model_nncf";
    InferSession s = new ReferenceEngine().compile(roundTrip(lstmModel(c))).createSession();
    for (int step = 0; step < 3; step++) {
      NdArray y = s.infer(List.of(npy(c, "x" + step))).get(0);
      Fixtures.assertClose(npy(c, "result" + step), y, 1e-4, 1e-5, c + " step " + step);
    }
  }
}
