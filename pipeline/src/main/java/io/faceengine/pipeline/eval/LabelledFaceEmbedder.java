package io.faceengine.pipeline.eval;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.DecodedImage;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Embeds the labelled (central) face of each image, for evaluations on labelled photos.
 * Images that fail to decode or show no central face get no embedding, with the reason kept.
 */
public final class LabelledFaceEmbedder {
    private static final Logger LOG = LoggerFactory.getLogger(LabelledFaceEmbedder.class);

    private final FaceModels models;
    private final ImageDecoder decoder;
    private final int batchSize;

    public LabelledFaceEmbedder(FaceModels models, ImageDecoder decoder, int batchSize) {
        this.models = models;
        this.decoder = decoder;
        this.batchSize = batchSize;
    }

    /** The outcome for one image: an embedding, or why there is none. */
    public record Outcome(Path image, Optional<DetectedFace> face, Optional<Embedding> embedding, String failure) {
    }

    public Map<Path, Outcome> embedAll(List<Path> images) {
        Map<Path, Outcome> outcomes = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int from = 0; from < images.size(); from += batchSize) {
            List<Path> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
            embedChunk(chunk, outcomes);
            double seconds = (System.nanoTime() - start) / 1e9;
            int done = Math.min(images.size(), from + batchSize);
            LOG.info("{}/{} images, {} img/s, ETA {} s", done, images.size(), String.format("%.1f", done / seconds),
                    Math.round((images.size() - done) / (done / seconds)));
        }
        return outcomes;
    }

    private void embedChunk(List<Path> chunk, Map<Path, Outcome> outcomes) {
        List<Path> decodedPaths = new ArrayList<>();
        List<RgbImage> decoded = new ArrayList<>();
        for (Path path : chunk) {
            try {
                DecodedImage image = decoder.decode(path);
                decodedPaths.add(path);
                decoded.add(image.image());
            } catch (ImageDecodeException e) {
                outcomes.put(path, new Outcome(path, Optional.empty(), Optional.empty(), e.reason() + ": " + e.getMessage()));
            }
        }
        List<List<DetectedFace>> detections = models.detector().detect(decoded);
        List<Path> withFace = new ArrayList<>();
        List<DetectedFace> faces = new ArrayList<>();
        List<RgbImage> crops = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            RgbImage image = decoded.get(i);
            Optional<DetectedFace> face = CentralFacePicker.pick(detections.get(i), image.width(), image.height());
            if (face.isEmpty()) {
                outcomes.put(decodedPaths.get(i), new Outcome(decodedPaths.get(i), Optional.empty(), Optional.empty(),
                        "NO_CENTRAL_FACE: " + detections.get(i).size() + " faces detected, none covers the image centre"));
                continue;
            }
            withFace.add(decodedPaths.get(i));
            faces.add(face.get());
            crops.add(models.aligner().align(image, face.get().landmarks()).crop());
        }
        List<Embedding> embeddings = models.embedder().embed(crops);
        for (int i = 0; i < withFace.size(); i++) {
            outcomes.put(withFace.get(i), new Outcome(withFace.get(i), Optional.of(faces.get(i)),
                    Optional.of(embeddings.get(i)), null));
        }
    }
}
