package io.faceengine.pipeline.model;

/** On-disk model formats; TFLite files are translated to ONNX when loaded. */
public enum ModelFormat {
    ONNX, TFLITE;

    static ModelFormat fromFileName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".onnx")) {
            return ONNX;
        }
        if (lower.endsWith(".tflite")) {
            return TFLITE;
        }
        throw new IllegalArgumentException("cannot tell the format of model file '" + fileName
                + "': name it *.onnx or *.tflite, or set 'format' in its descriptor");
    }
}
