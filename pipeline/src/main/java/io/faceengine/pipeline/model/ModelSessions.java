package io.faceengine.pipeline.model;

import io.faceengine.pipeline.model.tflite.TfliteFormatException;
import io.faceengine.pipeline.model.tflite.TfliteReader;
import io.faceengine.pipeline.model.tflite.TfliteToOnnxConverter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Creates each model session once per JVM (per executor on Spark) and hands the same session
 * to every caller: loading and optimising a graph costs far more than running it once.
 */
public final class ModelSessions {
    private static final Map<String, ModelSession> SESSIONS = new ConcurrentHashMap<>();

    private ModelSessions() {
    }

    public static ModelSession get(ModelDescriptor descriptor, Path modelsDirectory, RuntimeOptions options) {
        Path file = descriptor.resolveFile(modelsDirectory).toAbsolutePath().normalize();
        return get(descriptor, file.toString(), () -> onnxBytes(descriptor, file), options);
    }

    /**
     * The session for a model whose ONNX bytes come from elsewhere (e.g. broadcast by the Spark
     * driver); {@code source} names where they came from, to tell models apart in the cache.
     */
    public static ModelSession get(ModelDescriptor descriptor, String source, Supplier<byte[]> onnxBytes,
                                   RuntimeOptions options) {
        String key = source + "|" + descriptor.name() + "|" + descriptor.dynamicSpatial() + "|" + options.intraOpThreads();
        return SESSIONS.computeIfAbsent(key, k -> new ModelSession(descriptor.name(), onnxBytes.get(), options));
    }

    /** The model as ONNX bytes, translating TFLite files in memory. */
    public static byte[] onnxBytes(ModelDescriptor descriptor, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model '" + descriptor.name() + "' from " + file
                    + " (run the set-up script to fetch the default models): " + e.getMessage(), e);
        }
        if (descriptor.effectiveFormat() == ModelFormat.ONNX) {
            return bytes;
        }
        try {
            return TfliteToOnnxConverter.convert(TfliteReader.read(ByteBuffer.wrap(bytes)), descriptor.dynamicSpatial());
        } catch (TfliteFormatException e) {
            throw new ModelLoadException("cannot translate TFLite model '" + descriptor.name() + "' (" + file + "): "
                    + e.getMessage(), e);
        }
    }
}
