package io.faceengine.quality;

import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.eval.CentralFacePicker;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real faces for the tests: lfw-dev images run through the real detector and aligner, with the
 * aligned crops stored as JPEG, as the detection stage leaves them in DETECTED_FACES.
 */
final class LfwFaces {
    /** JPEG quality of the crops; the detection stage stores crops at high quality too. */
    static final float CROP_JPEG_QUALITY = 0.92f;
    static final String RUN_ID = "test-run";

    /** One detected face and whether it is the image's labelled (central) face. */
    record Face(Row row, boolean central, RgbImage crop, String imagePath) {
    }

    private LfwFaces() {
    }

    static Path dataDirectory() {
        return TestData.lfwDev();
    }

    static FaceModels models() {
        return TestModelFiles.defaultModels();
    }

    /** {@code count} labelled images spread evenly over labels.csv (so over many identities), in file order. */
    static List<String[]> sampleLabels(int count) throws IOException {
        List<String> lines = Files.readAllLines(dataDirectory().resolve("labels.csv"));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        List<String[]> sample = new ArrayList<>();
        double step = (double) rows.size() / count;
        for (int i = 0; i < count && i < rows.size(); i++) {
            sample.add(rows.get((int) Math.floor(i * step)));
        }
        return sample;
    }

    /** All faces detected in the sampled images, each with its aligned crop as a DETECTED_FACES row. */
    static List<Face> detect(FaceModels models, List<String[]> labels) throws IOException, ImageDecodeException {
        ImageDecoder decoder = new ImageDecoder();
        Path dir = dataDirectory();
        List<Face> faces = new ArrayList<>();
        for (String[] label : labels) {
            byte[] bytes = Files.readAllBytes(dir.resolve(label[0]));
            RgbImage image = decoder.decode(bytes, label[0]).image();
            String imageId = sha256(bytes);
            List<DetectedFace> detected = models.detector().detect(List.of(image)).get(0);
            DetectedFace central = CentralFacePicker.pick(detected, image.width(), image.height()).orElse(null);
            for (int i = 0; i < detected.size(); i++) {
                DetectedFace face = detected.get(i);
                RgbImage crop = models.aligner().align(image, face.landmarks()).crop();
                faces.add(new Face(row(imageId, label[2], i, face, jpeg(crop)), face == central, crop, label[0]));
            }
        }
        return faces;
    }

    static Row row(String imageId, String setId, int index, DetectedFace face, byte[] cropJpeg) {
        float[] landmarks = new float[10];
        for (int p = 0; p < 5; p++) {
            landmarks[p] = face.landmarks().x(p);
            landmarks[5 + p] = face.landmarks().y(p);
        }
        List<Float> boxed = new ArrayList<>();
        for (float v : landmarks) {
            boxed.add(v);
        }
        // A Scala Seq, as in rows Spark itself produces, so Row.getList works on the fixture too.
        return RowFactory.create(ContentIds.faceId(imageId, index), imageId, setId, index, face.box().x1(), face.box().y1(),
                face.box().x2(), face.box().y2(), face.score(), CollectionConverters.asScala(boxed).toSeq(), cropJpeg,
                RUN_ID);
    }

    /** {@code row} with another crop (FaceTables.DETECTED_FACES column order). */
    static Row withCrop(Row row, String faceId, byte[] cropJpeg) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        values[FaceTables.DETECTED_FACES.fieldIndex(FaceTables.FACE_ID)] = faceId;
        values[FaceTables.DETECTED_FACES.fieldIndex(FaceTables.CROP_JPEG)] = cropJpeg;
        return RowFactory.create(values);
    }

    static byte[] jpeg(RgbImage crop) {
        return CropCodec.encode(crop, CROP_JPEG_QUALITY);
    }

    /** A box blur of the given radius (edges clamped): a crop that lost its detail but not its face. */
    static RgbImage boxBlur(RgbImage image, int radius) {
        int w = image.width();
        int h = image.height();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    int n = 0;
                    for (int dy = -radius; dy <= radius; dy++) {
                        for (int dx = -radius; dx <= radius; dx++) {
                            sum += image.sample(Math.min(w - 1, Math.max(0, x + dx)), Math.min(h - 1, Math.max(0, y + dy)), c);
                            n++;
                        }
                    }
                    out[(y * w + x) * 3 + c] = (byte) Math.round((float) sum / n);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    static String sha256(byte[] bytes) {
        return ContentIds.sha256Hex(bytes);
    }
}
