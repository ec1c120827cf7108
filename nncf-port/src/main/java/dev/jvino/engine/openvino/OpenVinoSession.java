package dev.jvino.engine.openvino;

import dev.jvino.engine.EngineInputException;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.LayerCounter;
import dev.jvino.engine.ProfilingSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.openvino.CompiledModel;
import dev.jvino.openvino.InferRequest;
import dev.jvino.openvino.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OpenVINO infer request. OpenVINO's C API has no call to reset or read variable states, so
 * {@link #resetState()} replaces the request with a new one, whose variables start from their initial
 * values, which is what NNCF's reset before each sample needs.
 */
final class OpenVinoSession implements ProfilingSession {
  private final Model model;
  private final CompiledModel compiled;
  private final boolean profiling;
  private InferRequest request;
  private boolean inferred;

  OpenVinoSession(Model model, CompiledModel compiled, boolean profiling) {
    this.model = model;
    this.compiled = compiled;
    this.profiling = profiling;
    this.request = compiled.createInferRequest();
  }

  @Override
  public List<LayerCounter> layerCounters() {
    if (!profiling) {
      throw new IllegalStateException("model '" + model.name() + "' was compiled without profiling: create the "
          + "engine with OpenVinoEngine.create(device, properties, true) to read per-layer counters");
    }
    if (!inferred) {
      throw new IllegalStateException("no inference of model '" + model.name()
          + "' since this session was created or reset: nothing to report");
    }
    return ProfilingRows.of(request.profilingInfo());
  }

  @Override
  public InferResult infer(List<NdArray> inputs) {
    List<Node> parameters = model.parameters();
    if (inputs.size() != parameters.size()) {
      throw new EngineInputException("the model has " + parameters.size() + " inputs, " + inputs.size() + " given");
    }
    List<Tensor> lent = new ArrayList<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        Tensor t = TensorBridge.toTensor(inputs.get(i));
        lent.add(t);
        request.setInputTensor(i, t);
      }
      request.infer();
      inferred = true;
      return outputs();
    } finally {
      lent.forEach(Tensor::close);
    }
  }

  @Override
  public InferResult infer(Map<String, NdArray> inputs) {
    List<NdArray> ordered = new ArrayList<>();
    for (Node p : model.parameters()) {
      NdArray value = inputs.get(p.name());
      if (value == null) {
        for (String tensorName : p.output().names()) {
          value = inputs.get(tensorName);
          if (value != null) {
            break;
          }
        }
      }
      if (value == null) {
        throw new EngineInputException("no value for input '" + p.name() + "'; given " + inputs.keySet());
      }
      ordered.add(value);
    }
    if (inputs.size() > ordered.size()) {
      throw new EngineInputException("unknown inputs among " + inputs.keySet() + "; the model's inputs are "
          + model.parameters().stream().map(Node::name).toList());
    }
    return infer(ordered);
  }

  private InferResult outputs() {
    List<Node> results = model.results();
    List<NdArray> values = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      values.add(TensorBridge.fromTensor(request.getOutputTensor(i)));
    }
    return new InferResult(results, values);
  }

  @Override
  public void resetState() {
    InferRequest fresh = compiled.createInferRequest();
    request.close();
    request = fresh;
    inferred = false;
  }

  @Override
  public Map<String, NdArray> state() {
    throw new UnsupportedOperationException(
        "OpenVINO's C API does not expose variable states; read them with the reference engine");
  }
}
