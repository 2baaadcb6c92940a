package io.faceengine.pipeline.model.tflite;

import java.util.List;

/** The first subgraph of a TFLite file: tensors, operators in execution order, inputs and outputs. */
public record TfliteModel(String description, List<TfliteTensor> tensors, List<TfliteOperator> operators,
                          int[] inputs, int[] outputs) {

    public TfliteTensor tensor(int index) {
        return tensors.get(index);
    }
}
