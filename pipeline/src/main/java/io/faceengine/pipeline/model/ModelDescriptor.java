package io.faceengine.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the runtime and the image translators need to know about one network, so that a
 * user's own ONNX detector or embedder plugs in with a new descriptor and no code change.
 *
 * @param file            model file, relative to the models directory unless absolute
 * @param format          ONNX or TFLITE; null = from the file name
 * @param inputName       input tensor name; null = the model's only input
 * @param layout          layout of the image input tensor
 * @param inputWidth      fixed input width in pixels, or null when the model takes any size
 * @param inputHeight     fixed input height, or null
 * @param channelOrder    "RGB" or "BGR"
 * @param mean            per-channel value subtracted from 0..255 pixels (in channelOrder)
 * @param std             per-channel divisor applied after the mean
 * @param dynamicSpatial  for TFLite translation: make height and width dynamic (fully convolutional nets)
 * @param outputs         role (e.g. "embedding", "scores") → output tensor name
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelDescriptor(String name, String file, ModelFormat format, String inputName, TensorLayout layout,
                              Integer inputWidth, Integer inputHeight, String channelOrder, List<Float> mean,
                              List<Float> std, Boolean dynamicSpatial, Map<String, String> outputs) {

    public ModelDescriptor {
        Objects.requireNonNull(name, "model descriptor needs a 'name'");
        Objects.requireNonNull(file, "model descriptor '" + name + "' needs a 'file'");
        layout = layout == null ? TensorLayout.NHWC : layout;
        dynamicSpatial = dynamicSpatial != null && dynamicSpatial;
        channelOrder = channelOrder == null ? "RGB" : channelOrder.toUpperCase(java.util.Locale.ROOT);
        if (!channelOrder.equals("RGB") && !channelOrder.equals("BGR")) {
            throw new IllegalArgumentException("model '" + name + "': channelOrder must be RGB or BGR, got " + channelOrder);
        }
        mean = mean == null ? List.of(0f, 0f, 0f) : List.copyOf(mean);
        std = std == null ? List.of(1f, 1f, 1f) : List.copyOf(std);
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("model '" + name + "': mean and std need 3 values each");
        }
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public ModelFormat effectiveFormat() {
        return format != null ? format : ModelFormat.fromFileName(file);
    }

    public Path resolveFile(Path modelsDirectory) {
        Path path = Path.of(file);
        return path.isAbsolute() ? path : modelsDirectory.resolve(path);
    }

    /** The output tensor name for a role, failing with a clear message when the descriptor lacks it. */
    public String output(String role) {
        String output = outputs.get(role);
        if (output == null) {
            throw new IllegalArgumentException("model '" + name + "' descriptor has no output for role '" + role
                    + "'; it declares " + outputs.keySet());
        }
        return output;
    }

    public boolean bgr() {
        return channelOrder.equals("BGR");
    }
}
