package io.faceengine.jobs.bench;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.FloatTensor;
import io.faceengine.pipeline.model.ImageTensorEncoder;
import io.faceengine.pipeline.model.ModelSession;
import io.faceengine.pipeline.model.ModelSessions;
import io.faceengine.pipeline.model.tflite.TfliteFlops;
import io.faceengine.pipeline.model.tflite.TfliteReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Throughput of the models alone, on already-decoded images: detection (images/s), embedding
 * through the translator (faces/s, includes tensor encoding) and the raw embedding session
 * (faces/s on a ready tensor), each at several batch sizes. Each figure is the best of a few
 * timed rounds after a warm-up, so a noisy neighbour lowers it less.
 */
public final class ModelBenchmark {
    private static final int ROUNDS = 3;

    private final FaceEngineConfig config;
    private final FaceModels models;
    private final double minSecondsPerRound;

    public ModelBenchmark(FaceEngineConfig config, double minSecondsPerRound) {
        this.config = config;
        this.models = FaceModels.load(config);
        this.minSecondsPerRound = minSecondsPerRound;
    }

    public Map<String, Object> run(List<RgbImage> images, List<Integer> batchSizes, double peakGflops) throws IOException {
        List<RgbImage> crops = alignedCrops(images);
        var embedderDescriptor = config.models().embedder();
        ModelSession session = ModelSessions.get(embedderDescriptor, config.models().directoryPath(),
                config.models().runtimeOptions());
        long flopsPerFace = TfliteFlops.perInput(TfliteReader.read(
                embedderDescriptor.resolveFile(config.models().directoryPath()))).flops();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("intraOpThreads", config.models().intraOpThreads());
        result.put("embedderFlopsPerFace", flopsPerFace);
        result.put("peakGflops", peakGflops);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int batch : batchSizes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("batch", batch);
            row.put("detectionImagesPerSecond", perSecond(images.size(), batch,
                    from -> models.detector().detect(slice(images, from, batch))));
            row.put("embeddingFacesPerSecond", perSecond(crops.size(), batch,
                    from -> models.embedder().embed(slice(crops, from, batch))));
            ImageTensorEncoder encoder = new ImageTensorEncoder(embedderDescriptor);
            int w = embedderDescriptor.inputWidth();
            int h = embedderDescriptor.inputHeight();
            List<FloatTensor> tensors = new ArrayList<>();
            for (int from = 0; from + batch <= crops.size(); from += batch) {
                tensors.add(encoder.encode(slice(crops, from, batch).stream()
                        .map(c -> ImageResampler.resize(c, w, h)).toList(), w, h));
            }
            double raw = perSecond(tensors.size() * batch, batch,
                    from -> session.run(embedderDescriptor.inputName(), tensors.get(from / batch)));
            row.put("rawEmbeddingFacesPerSecond", raw);
            row.put("rawEmbeddingGflops", raw * flopsPerFace / 1e9);
            row.put("rawEmbeddingShareOfPeak", raw * flopsPerFace / 1e9 / peakGflops);
            rows.add(row);
        }
        result.put("results", rows);
        return result;
    }

    private List<RgbImage> alignedCrops(List<RgbImage> images) {
        List<RgbImage> crops = new ArrayList<>();
        List<List<DetectedFace>> faces = models.detector().detect(images);
        for (int i = 0; i < images.size(); i++) {
            for (DetectedFace face : faces.get(i)) {
                crops.add(models.aligner().align(images.get(i), face.landmarks()).crop());
            }
        }
        if (crops.isEmpty()) {
            throw new IllegalArgumentException("no faces found in the benchmark images");
        }
        return crops;
    }

    private static <T> List<T> slice(List<T> items, int from, int size) {
        return items.subList(from, Math.min(items.size(), from + size));
    }

    /** Items per second for processing {@code total} items in batches, best of a few rounds. */
    private double perSecond(int total, int batch, IntConsumer processBatchAt) {
        int usable = total - total % batch;
        if (usable == 0) {
            throw new IllegalArgumentException("need at least " + batch + " items for batch size " + batch);
        }
        for (int from = 0; from < usable; from += batch) {
            processBatchAt.accept(from); // warm-up
        }
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long items = 0;
            long start = System.nanoTime();
            do {
                for (int from = 0; from < usable; from += batch) {
                    processBatchAt.accept(from);
                }
                items += usable;
            } while (System.nanoTime() - start < minSecondsPerRound * 1e9);
            best = Math.max(best, items / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }
}
