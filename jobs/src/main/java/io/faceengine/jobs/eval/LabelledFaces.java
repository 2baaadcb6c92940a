package io.faceengine.jobs.eval;

import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.eval.LabelsFile;
import io.faceengine.pipeline.eval.LabelsFile.Label;
import io.faceengine.pipeline.face.FaceBox;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode_outer;

/**
 * Finds the labelled face of each labelled image in the committed runs: the face whose box
 * contains the image centre, nearest to it (a background face is never taken for the labelled
 * one). An image is matched by its URI or by the URI of a byte-identical duplicate.
 */
public final class LabelledFaces {
    private LabelledFaces() {
    }

    /** One labelled face; {@code embedding} is null when the face failed quality or was not embedded. */
    public record LabelledFace(String faceId, String imageId, String setId, String identity, float[] embedding) {
        public boolean embedded() {
            return embedding != null;
        }
    }

    /**
     * @param labelledImages labelled images found among the run's images
     * @param centralFaces   of those, images where the labelled face was detected
     */
    public record Collected(List<LabelledFace> faces, int labels, int labelledImages, int centralFaces) {
        public List<LabelledFace> embedded() {
            return faces.stream().filter(LabelledFace::embedded).toList();
        }
    }

    public static Collected collect(SparkSession spark, TableCatalog catalog, Map<String, Label> labels) {
        List<String> imageFolders = catalog.folders(spark, "images");
        List<String> faceFolders = catalog.folders(spark, "faces");
        if (imageFolders.isEmpty() || faceFolders.isEmpty()) {
            throw new IllegalStateException("no committed run with images and faces: run the job first");
        }
        Dataset<Row> images = spark.read().parquet(imageFolders.toArray(String[]::new));
        Dataset<Row> uris = images.select(col(FaceTables.IMAGE_ID), col(FaceTables.WIDTH), col(FaceTables.HEIGHT),
                        col(FaceTables.URI), explode_outer(col(FaceTables.DUPLICATES)).as("dup"))
                .select(col(FaceTables.IMAGE_ID), col(FaceTables.WIDTH), col(FaceTables.HEIGHT), col(FaceTables.URI),
                        col("dup." + FaceTables.URI).as("dup_uri"));
        Map<String, String> labelledImageOfId = new HashMap<>();
        Map<String, int[]> sizeOfImage = new HashMap<>();
        for (Row row : uris.collectAsList()) {
            String imageId = row.getString(0);
            for (int c = 3; c <= 4; c++) {
                if (!row.isNullAt(c) && labels.containsKey(LabelsFile.localPathKey(row.getString(c)))) {
                    labelledImageOfId.putIfAbsent(imageId, LabelsFile.localPathKey(row.getString(c)));
                }
            }
            if (!row.isNullAt(1) && !row.isNullAt(2)) {
                sizeOfImage.put(imageId, new int[]{row.getInt(1), row.getInt(2)});
            }
        }
        Dataset<Row> faces = spark.read().parquet(faceFolders.toArray(String[]::new))
                .select(FaceTables.FACE_ID, FaceTables.IMAGE_ID, FaceTables.SET_ID, FaceTables.BOX_X1, FaceTables.BOX_Y1,
                        FaceTables.BOX_X2, FaceTables.BOX_Y2, FaceTables.EMBEDDING, FaceTables.QUALITY_PASS)
                .where(col(FaceTables.IMAGE_ID).isin(labelledImageOfId.keySet().toArray()));
        Map<String, List<Row>> facesOfImage = new HashMap<>();
        for (Row row : faces.collectAsList()) {
            facesOfImage.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(row);
        }
        List<LabelledFace> found = new ArrayList<>();
        for (Map.Entry<String, String> image : labelledImageOfId.entrySet()) {
            int[] size = sizeOfImage.get(image.getKey());
            List<Row> candidates = facesOfImage.getOrDefault(image.getKey(), List.of());
            if (size == null || candidates.isEmpty()) {
                continue;
            }
            float cx = size[0] / 2f;
            float cy = size[1] / 2f;
            candidates.stream()
                    .filter(r -> box(r).contains(cx, cy))
                    .min(Comparator.comparingDouble((Row r) -> distance(box(r), cx, cy)).thenComparing(r -> r.getString(0)))
                    .ifPresent(r -> found.add(new LabelledFace(r.getString(0), r.getString(1), r.getString(2),
                            labels.get(image.getValue()).identity(), embeddingOf(r))));
        }
        found.sort(Comparator.comparing(LabelledFace::faceId));
        return new Collected(found, labels.size(), labelledImageOfId.size(), found.size());
    }

    private static FaceBox box(Row row) {
        return new FaceBox(row.getFloat(3), row.getFloat(4), row.getFloat(5), row.getFloat(6));
    }

    private static double distance(FaceBox box, float cx, float cy) {
        return Math.hypot((box.x1() + box.x2()) / 2 - cx, (box.y1() + box.y2()) / 2 - cy);
    }

    private static float[] embeddingOf(Row row) {
        if (row.isNullAt(7) || row.isNullAt(8) || !row.getBoolean(8)) {
            return null;
        }
        List<Float> values = row.getList(7);
        float[] embedding = new float[values.size()];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = values.get(i);
        }
        return embedding;
    }
}
