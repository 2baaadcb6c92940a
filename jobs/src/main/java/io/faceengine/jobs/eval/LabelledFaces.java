package io.faceengine.jobs.eval;

import io.faceengine.jobs.eval.LabelledFaceRule.DetectedFace;
import io.faceengine.jobs.eval.LabelledFaceRule.Match;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode_outer;

/**
 * Finds the labelled face of each label in the committed runs, by {@link LabelledFaceRule}, and
 * says for every label that has none usable why. An image is found by its URI or by the URI of a
 * byte-identical duplicate.
 */
public final class LabelledFaces {
    private static final String OK = "OK";

    private LabelledFaces() {
    }

    /** One labelled face that can be scored: detected, passed quality, embedded and clustered. */
    public record LabelledFace(String faceId, String imageId, String setId, String identity, float[] embedding) {
    }

    /** A label that cannot be scored; {@code detail} adds what the tables say (a status, quality reasons), or is empty. */
    public record Unscored(Label label, UnscoredReason reason, String detail) {
    }

    /** The labelled faces found, and the labels without one; together they account for every label. */
    public record Collected(List<LabelledFace> faces, int labels, List<Unscored> unscored) {
        /** Faces collected elsewhere (e.g. from exported embeddings), every label scored. */
        public static Collected of(List<LabelledFace> faces) {
            return new Collected(faces, faces.size(), List.of());
        }
    }

    /**
     * @param clusteredFaces ids of the faces the latest run of their set clustered; a labelled face
     *                       outside them is counted as {@link UnscoredReason#NOT_CLUSTERED}
     */
    public static Collected collect(SparkSession spark, TableCatalog catalog, LabelsFile.Labels labels, LabelledFaceRule rule,
                                    Set<String> clusteredFaces) {
        List<String> imageFolders = catalog.folders(spark, "images");
        List<String> faceFolders = catalog.folders(spark, "faces");
        if (imageFolders.isEmpty() || faceFolders.isEmpty()) {
            throw new IllegalStateException("no committed run with images and faces: run the job first");
        }
        Map<String, List<Label>> labelsByPath = labels.byPath();
        Map<String, ImageRow> imageOfPath = labelledImages(spark, imageFolders, labelsByPath);
        Map<String, List<Row>> facesOfImage = facesOf(spark, faceFolders, imageOfPath);

        Map<ImageRow, List<Label>> labelsOfImage = new LinkedHashMap<>();
        List<Unscored> unscored = new ArrayList<>();
        for (Map.Entry<String, List<Label>> path : labelsByPath.entrySet()) {
            ImageRow image = imageOfPath.get(path.getKey());
            if (image == null) {
                path.getValue().forEach(l -> unscored.add(new Unscored(l, UnscoredReason.NOT_IN_ANY_RUN, "")));
            } else if (!OK.equals(image.status()) || image.width() == null) {
                path.getValue().forEach(l -> unscored.add(new Unscored(l, UnscoredReason.IMAGE_NOT_DECODED, image.status())));
            } else {
                labelsOfImage.computeIfAbsent(image, k -> new ArrayList<>()).addAll(path.getValue());
            }
        }
        List<LabelledFace> found = new ArrayList<>();
        for (Map.Entry<ImageRow, List<Label>> image : labelsOfImage.entrySet()) {
            List<Row> rows = facesOfImage.getOrDefault(image.getKey().imageId(), List.of());
            Map<String, Row> rowOfFace = new HashMap<>();
            List<DetectedFace> detected = new ArrayList<>();
            for (Row row : rows) {
                rowOfFace.put(row.getString(0), row);
                detected.add(new DetectedFace(row.getString(0), new FaceBox(row.getFloat(3), row.getFloat(4),
                        row.getFloat(5), row.getFloat(6))));
            }
            detected.sort(Comparator.comparing(DetectedFace::faceId));
            for (Match match : rule.match(image.getValue(), detected, image.getKey().width(), image.getKey().height())) {
                if (!match.matched()) {
                    unscored.add(new Unscored(match.label(), match.reason(), ""));
                    continue;
                }
                Row row = rowOfFace.get(match.face().faceId());
                if (row.isNullAt(8) || !row.getBoolean(8)) {
                    unscored.add(new Unscored(match.label(), UnscoredReason.FACE_REJECTED_BY_QUALITY,
                            row.isNullAt(9) ? "" : String.join(" ", row.<String>getList(9))));
                } else if (row.isNullAt(7)) {
                    unscored.add(new Unscored(match.label(), UnscoredReason.NOT_EMBEDDED, ""));
                } else if (!clusteredFaces.contains(row.getString(0))) {
                    unscored.add(new Unscored(match.label(), UnscoredReason.NOT_CLUSTERED, "set " + row.getString(2)));
                } else {
                    found.add(new LabelledFace(row.getString(0), row.getString(1), row.getString(2),
                            match.label().identity(), embeddingOf(row)));
                }
            }
        }
        found.sort(Comparator.comparing(LabelledFace::faceId));
        unscored.sort(Comparator.comparingInt((Unscored u) -> u.label().line()));
        return new Collected(found, labels.size(), unscored);
    }

    /** An image of the runs: its id, status and oriented size (null when it was not decoded). */
    private record ImageRow(String imageId, String status, Integer width, Integer height) {
    }

    /** Labelled path → the image the runs hold for it (by its own URI, or as a duplicate of another). */
    private static Map<String, ImageRow> labelledImages(SparkSession spark, List<String> folders,
                                                        Map<String, List<Label>> labelsByPath) {
        Dataset<Row> uris = spark.read().parquet(folders.toArray(String[]::new))
                .select(col(FaceTables.IMAGE_ID), col(FaceTables.STATUS), col(FaceTables.WIDTH), col(FaceTables.HEIGHT),
                        col(FaceTables.URI), explode_outer(col(FaceTables.DUPLICATES)).as("dup"))
                .select(col(FaceTables.IMAGE_ID), col(FaceTables.STATUS), col(FaceTables.WIDTH), col(FaceTables.HEIGHT),
                        col(FaceTables.URI), col("dup." + FaceTables.URI).as("dup_uri"));
        Map<String, ImageRow> imageOfPath = new HashMap<>();
        for (Row row : uris.collectAsList()) {
            ImageRow image = new ImageRow(row.getString(0), row.getString(1), row.isNullAt(2) ? null : row.getInt(2),
                    row.isNullAt(3) ? null : row.getInt(3));
            for (int c = 4; c <= 5; c++) {
                if (!row.isNullAt(c)) {
                    String path = LabelsFile.localPathKey(row.getString(c));
                    if (labelsByPath.containsKey(path)) {
                        imageOfPath.putIfAbsent(path, image);
                    }
                }
            }
        }
        return imageOfPath;
    }

    private static Map<String, List<Row>> facesOf(SparkSession spark, List<String> folders, Map<String, ImageRow> images) {
        Object[] imageIds = images.values().stream().map(ImageRow::imageId).distinct().toArray();
        Dataset<Row> faces = spark.read().parquet(folders.toArray(String[]::new))
                .select(FaceTables.FACE_ID, FaceTables.IMAGE_ID, FaceTables.SET_ID, FaceTables.BOX_X1, FaceTables.BOX_Y1,
                        FaceTables.BOX_X2, FaceTables.BOX_Y2, FaceTables.EMBEDDING, FaceTables.QUALITY_PASS,
                        FaceTables.QUALITY_REASONS)
                .where(col(FaceTables.IMAGE_ID).isin(imageIds));
        Map<String, List<Row>> facesOfImage = new HashMap<>();
        for (Row row : faces.collectAsList()) {
            facesOfImage.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(row);
        }
        return facesOfImage;
    }

    private static float[] embeddingOf(Row row) {
        List<Float> values = row.getList(7);
        float[] embedding = new float[values.size()];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = values.get(i);
        }
        return embedding;
    }
}
