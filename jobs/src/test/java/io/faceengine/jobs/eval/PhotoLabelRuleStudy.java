package io.faceengine.jobs.eval;

import io.faceengine.jobs.eval.LabelledFaceRule.DetectedFace;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.eval.LabelsFile;
import io.faceengine.pipeline.face.FaceBox;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * Development study (not a test): how often the photo rule of {@link LabelledFaceRule} picks the
 * labelled person in photos with several detected faces, per fold (the labels' sets), for several
 * largest-face margins and for the former rule (the face covering the image centre).
 *
 * <p>Photo labels name no face, so the person is recognised instead: each identity's reference is
 * the mean embedding of its photos with exactly one detected face (unambiguous, and never a photo
 * under study), and in a photo with several faces the face most similar to that reference is the
 * labelled one, counted only when that is clear (similarity at least {@value #MIN_SIMILARITY} and
 * {@value #MIN_GAP} above every other embedded face of the photo). The margin is chosen on the other
 * folds, of every domain given, and scored on the held-out one: one margin must hold on all domains.
 *
 * <p>Usage (test classpath, Spark on it): PhotoLabelRuleStudy DATA_ROOT LABELS.csv [DATA_ROOT LABELS.csv...]
 * [examples | disagreements=MARGIN]
 */
public final class PhotoLabelRuleStudy {
    static final double MIN_SIMILARITY = 0.35;
    static final double MIN_GAP = 0.15;
    static final double[] MARGINS = {0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    record Face(DetectedFace detected, float[] embedding) {
    }

    record Photo(String path, String set, String identity, int width, int height, List<Face> faces) {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("photo-label-rule-study")
                .config("spark.ui.enabled", "false").getOrCreate();
        Map<String, List<Object[]>> byFold = new TreeMap<>(); // domain/set -> (photo, labelled face id)
        String mode = args.length % 2 == 1 ? args[args.length - 1] : "";
        for (int d = 0; d + 1 < args.length; d += 2) {
            Path labelsFile = Path.of(args[d + 1]).toAbsolutePath();
            String domain = labelsFile.getParent().getFileName().toString();
            List<Photo> photos = photos(spark, new TableCatalog(Path.of(args[d]).toAbsolutePath().toString()),
                    LabelsFile.read(labelsFile, labelsFile.getParent()));
            Map<String, float[]> reference = references(photos);
            if (mode.equals("examples")) {
                examples(photos, reference);
                continue;
            }
            int multi = 0;
            int clearCount = 0;
            for (Photo photo : photos) {
                if (photo.faces().size() < 2) {
                    continue;
                }
                multi++;
                String clear = clearlyLabelled(photo, reference.get(photo.identity()));
                if (clear == null) {
                    continue;
                }
                clearCount++;
                byFold.computeIfAbsent(domain + "/" + photo.set(), k -> new ArrayList<>()).add(new Object[]{photo, clear});
                if (mode.startsWith("disagreements=")) {
                    printDisagreement(photo, clear, Double.parseDouble(mode.substring("disagreements=".length())));
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d labelled photos, %d with several faces, %d of those with a clear labelled face%n",
                    domain, photos.size(), multi, clearCount);
        }
        spark.stop();
        StringBuilder header = new StringBuilder("fold              n  centre-rule");
        for (double m : MARGINS) {
            header.append(String.format(Locale.ROOT, "  m=%.1f", m));
        }
        System.out.println(header.append("  | margin chosen on all other folds -> held-out agreement"));
        for (String fold : byFold.keySet()) {
            List<Object[]> cases = byFold.get(fold);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %3d  %10.3f", fold, cases.size(),
                    agreement(cases, -1)));
            for (double m : MARGINS) {
                line.append(String.format(Locale.ROOT, "  %5.3f", agreement(cases, m)));
            }
            List<Object[]> others = new ArrayList<>();
            byFold.forEach((f, c) -> {
                if (!f.equals(fold)) {
                    others.addAll(c);
                }
            });
            double best = MARGINS[0];
            for (double m : MARGINS) {
                if (agreement(others, m) > agreement(others, best) + 1e-12) {
                    best = m;
                }
            }
            System.out.println(line.append(String.format(Locale.ROOT, "  | %.1f -> %.3f", best, agreement(cases, best))));
        }
    }

    private static void printDisagreement(Photo photo, String labelledFaceId, double margin) {
        List<DetectedFace> faces = photo.faces().stream().map(Face::detected).toList();
        DetectedFace picked = new LabelledFaceRule(margin).mainFace(faces, photo.width(), photo.height());
        if (!picked.faceId().equals(labelledFaceId)) {
            float largest = faces.stream().map(f -> f.box().area()).max(Float::compare).orElseThrow();
            DetectedFace labelled = faces.stream().filter(f -> f.faceId().equals(labelledFaceId)).findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "%s faces=%d picked area %.2f of largest, labelled area %.2f%n", photo.path(),
                    faces.size(), picked.box().area() / largest, labelled.box().area() / largest);
        }
    }

    /** Photos the former rule could not score and the photo rule scores, clearly the labelled person: for tests. */
    static void examples(List<Photo> photos, Map<String, float[]> reference) {
        for (Photo photo : photos) {
            List<DetectedFace> faces = photo.faces().stream().map(Face::detected).toList();
            if (faces.isEmpty() || centreFace(faces, photo.width(), photo.height()) != null) {
                continue;
            }
            DetectedFace main = new LabelledFaceRule(LabelledFaceRule.DEFAULT_LARGEST_FACE_MARGIN).mainFace(faces, photo.width(), photo.height());
            Face face = photo.faces().stream().filter(f -> f.detected() == main).findFirst().orElseThrow();
            float[] ref = reference.get(photo.identity());
            System.out.printf(Locale.ROOT, "%s %s %s faces=%d %dx%d box=%s sim=%.3f%n", photo.path(), photo.identity(), photo.set(),
                    faces.size(), photo.width(), photo.height(), main.box(),
                    face.embedding() == null || ref == null ? Double.NaN : dot(face.embedding(), ref));
        }
    }

    /** Share of cases where the rule picks the clearly labelled face; margin < 0 is the former centre rule. */
    static double agreement(List<Object[]> cases, double margin) {
        if (cases.isEmpty()) {
            return Double.NaN;
        }
        int agree = 0;
        for (Object[] c : cases) {
            Photo photo = (Photo) c[0];
            List<DetectedFace> faces = photo.faces().stream().map(Face::detected).toList();
            String picked = margin < 0 ? centreFace(faces, photo.width(), photo.height())
                    : new LabelledFaceRule(margin).mainFace(faces, photo.width(), photo.height()).faceId();
            if (c[1].equals(picked)) {
                agree++;
            }
        }
        return (double) agree / cases.size();
    }

    /** The former rule: the face whose box contains the image centre, nearest to it; none otherwise. */
    static String centreFace(List<DetectedFace> faces, int width, int height) {
        float cx = width / 2f;
        float cy = height / 2f;
        return faces.stream().filter(f -> f.box().contains(cx, cy))
                .min(java.util.Comparator.comparingDouble((DetectedFace f) -> Math.hypot(
                        (f.box().x1() + f.box().x2()) / 2 - cx, (f.box().y1() + f.box().y2()) / 2 - cy)))
                .map(DetectedFace::faceId).orElse(null);
    }

    static String clearlyLabelled(Photo photo, float[] reference) {
        if (reference == null) {
            return null;
        }
        String best = null;
        double bestSim = -2;
        double second = -2;
        for (Face face : photo.faces()) {
            if (face.embedding() == null) {
                continue;
            }
            double sim = dot(face.embedding(), reference);
            if (sim > bestSim) {
                second = bestSim;
                bestSim = sim;
                best = face.detected().faceId();
            } else if (sim > second) {
                second = sim;
            }
        }
        return bestSim >= MIN_SIMILARITY && bestSim - second >= MIN_GAP ? best : null;
    }

    static Map<String, float[]> references(List<Photo> photos) {
        Map<String, float[]> sums = new HashMap<>();
        for (Photo photo : photos) {
            if (photo.faces().size() == 1 && photo.faces().get(0).embedding() != null) {
                float[] e = photo.faces().get(0).embedding();
                float[] sum = sums.computeIfAbsent(photo.identity(), k -> new float[e.length]);
                for (int i = 0; i < e.length; i++) {
                    sum[i] += e[i];
                }
            }
        }
        sums.values().forEach(PhotoLabelRuleStudy::normalise);
        return sums;
    }

    static List<Photo> photos(SparkSession spark, TableCatalog catalog, LabelsFile.Labels labels) {
        Map<String, LabelsFile.Label> labelOfPath = new HashMap<>();
        labels.rows().forEach(l -> labelOfPath.put(l.path(), l));
        Map<String, Object[]> imageOfId = new HashMap<>(); // image id -> (label, width, height)
        for (Row r : spark.read().parquet(catalog.folders(spark, "images").toArray(String[]::new))
                .select(FaceTables.IMAGE_ID, FaceTables.URI, FaceTables.WIDTH, FaceTables.HEIGHT).collectAsList()) {
            LabelsFile.Label label = labelOfPath.get(LabelsFile.localPathKey(r.getString(1)));
            if (label != null && !r.isNullAt(2)) {
                imageOfId.put(r.getString(0), new Object[]{label, r.getInt(2), r.getInt(3)});
            }
        }
        Map<String, List<Face>> facesOfImage = new HashMap<>();
        for (Row r : spark.read().parquet(catalog.folders(spark, "faces").toArray(String[]::new))
                .select(col(FaceTables.FACE_ID), col(FaceTables.IMAGE_ID), col(FaceTables.BOX_X1), col(FaceTables.BOX_Y1),
                        col(FaceTables.BOX_X2), col(FaceTables.BOX_Y2), col(FaceTables.EMBEDDING), col(FaceTables.QUALITY_PASS))
                .collectAsList()) {
            float[] embedding = null;
            if (!r.isNullAt(6) && !r.isNullAt(7) && r.getBoolean(7)) {
                List<Float> v = r.getList(6);
                embedding = new float[v.size()];
                for (int i = 0; i < embedding.length; i++) {
                    embedding[i] = v.get(i);
                }
                normalise(embedding);
            }
            facesOfImage.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Face(new DetectedFace(r.getString(0),
                    new FaceBox(r.getFloat(2), r.getFloat(3), r.getFloat(4), r.getFloat(5))), embedding));
        }
        List<Photo> photos = new ArrayList<>();
        imageOfId.forEach((id, image) -> {
            LabelsFile.Label label = (LabelsFile.Label) image[0];
            photos.add(new Photo(label.path(), label.set(), label.identity(), (Integer) image[1], (Integer) image[2],
                    facesOfImage.getOrDefault(id, List.of())));
        });
        return photos;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalise(float[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length && n > 0; i++) {
            v[i] /= n;
        }
    }
}
