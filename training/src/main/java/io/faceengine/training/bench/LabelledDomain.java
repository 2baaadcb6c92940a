package io.faceengine.training.bench;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The aligned crop of each labelled photo of a domain ({@code labels.csv}: path,identity,...),
 * by the photo-level rule: the labelled person is the photo's largest face. Photos that do not
 * decode or show no face are counted, not cropped.
 */
record LabelledDomain(List<Face> faces, int photos, int unreadable, int withoutFace) {

    /** One labelled, aligned face. */
    record Face(String path, String identity, RgbImage crop) {
    }

    static LabelledDomain read(Path root, FaceModels models, ImageDecoder decoder) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("labels.csv"), StandardCharsets.UTF_8);
        List<Face> faces = new ArrayList<>();
        int photos = 0;
        int unreadable = 0;
        int withoutFace = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.strip().split(",");
            if (fields.length < 2) {
                continue;
            }
            photos++;
            RgbImage image;
            try {
                image = decoder.decode(root.resolve(fields[0])).image();
            } catch (ImageDecodeException e) {
                unreadable++;
                continue;
            }
            Optional<DetectedFace> largest = models.detector().detect(List.of(image)).get(0).stream()
                    .max(Comparator.comparingDouble(f -> f.box().area()));
            if (largest.isEmpty()) {
                withoutFace++;
                continue;
            }
            faces.add(new Face(fields[0], fields[1], models.aligner().align(image, largest.get().landmarks()).crop()));
        }
        return new LabelledDomain(List.copyOf(faces), photos, unreadable, withoutFace);
    }
}
