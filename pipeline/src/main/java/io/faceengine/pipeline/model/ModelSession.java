package io.faceengine.pipeline.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded ONNX graph. Knows nothing about images or faces: float tensors in, float tensors
 * out. ONNX Runtime sessions are safe to call from many threads at once.
 */
public final class ModelSession implements AutoCloseable {
    private final String name;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<String> inputNames;

    ModelSession(String name, byte[] onnxModel, RuntimeOptions options) {
        this.name = name;
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            this.session = environment.createSession(onnxModel, sessionOptions);
            this.inputNames = List.copyOf(session.getInputNames());
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime could not load model '" + name + "': " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /** Runs the graph on one input (the model's only input unless {@code inputName} is given). */
    public Map<String, FloatTensor> run(String inputName, FloatTensor input) {
        String in = inputName != null ? inputName : onlyInput();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input.data()), input.shape());
             OrtSession.Result result = session.run(Map.of(in, tensor))) {
            Map<String, FloatTensor> outputs = new HashMap<>();
            for (Map.Entry<String, OnnxValue> entry : result) {
                OnnxTensor out = (OnnxTensor) entry.getValue();
                FloatBuffer buffer = out.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                outputs.put(entry.getKey(), new FloatTensor(data, ((TensorInfo) out.getInfo()).getShape()));
            }
            return outputs;
        } catch (OrtException e) {
            throw new ModelRunException("model '" + name + "' failed on input of shape "
                    + java.util.Arrays.toString(input.shape()) + ": " + e.getMessage(), e);
        }
    }

    private String onlyInput() {
        if (inputNames.size() != 1) {
            throw new IllegalArgumentException("model '" + name + "' has inputs " + inputNames
                    + "; its descriptor must name the image input");
        }
        return inputNames.get(0);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
