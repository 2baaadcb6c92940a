package io.faceengine.training.bench;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the low-quality benchmark domain from a labelled development domain: every photo is
 * shrunk so that its largest face is 24–32 px wide, turned grey and saved as JPEG at quality
 * 10–30 — the cheap cameras, thumbnails and IR/grey feeds the backbone never trained on.
 * The draws come from the photo's path, so the same input always gives the same domain.
 * Photos with no detected face are shrunk as if the face took 45% of the shorter side.
 *
 * <p>Usage: {@code DomainDegradation <domain> <out>}; writes {@code out/images/...} (same
 * relative paths, extension .jpg), {@code out/labels.csv} and a copy of {@code pairs.csv} if any.
 */
public final class DomainDegradation {
    static final int MIN_FACE_PIXELS = 24;
    static final int MAX_FACE_PIXELS = 32;
    static final int MIN_QUALITY = 10;
    static final int MAX_QUALITY = 30;
    private static final double FACE_SHARE_WITHOUT_DETECTION = 0.45;

    private DomainDegradation() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DomainDegradation <domain folder with labels.csv> <output folder>");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        FaceEngineConfig config = ConfigLoader.load(null, List.of());
        FaceModels models = FaceModels.load(config);
        ImageDecoder decoder = new ImageDecoder(config.image());
        List<String> lines = Files.readAllLines(source.resolve("labels.csv"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        out.add(lines.get(0).strip());
        int degraded = 0;
        int withoutFace = 0;
        int unreadable = 0;
        for (String line : lines.subList(1, lines.size())) {
            String row = line.strip();
            if (row.isEmpty()) {
                continue;
            }
            String path = row.substring(0, row.indexOf(','));
            String renamed = path.replaceFirst("\\.[A-Za-z]+$", "") + ".jpg";
            RgbImage image;
            try {
                image = decoder.decode(source.resolve(path)).image();
            } catch (ImageDecodeException e) {
                unreadable++;
                System.err.println("skipped " + path + ": " + e.getMessage());
                continue;
            }
            List<DetectedFace> faces = models.detector().detect(List.of(image)).get(0);
            double faceWidth = faces.stream().max(Comparator.comparingDouble(f -> f.box().area()))
                    .map(f -> (double) f.box().width())
                    .orElseGet(() -> FACE_SHARE_WITHOUT_DETECTION * Math.min(image.width(), image.height()));
            if (faces.isEmpty()) {
                withoutFace++;
            }
            byte[] jpeg = degrade(image, faceWidth, path);
            Path file = target.resolve(renamed);
            Files.createDirectories(file.getParent());
            Files.write(file, jpeg);
            out.add(renamed + row.substring(path.length()));
            degraded++;
        }
        Files.write(target.resolve("labels.csv"), out, StandardCharsets.UTF_8);
        if (Files.exists(source.resolve("pairs.csv"))) {
            Files.copy(source.resolve("pairs.csv"), target.resolve("pairs.csv"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("degraded %d photos (%d with no detected face, sized by the rule), %d unreadable, into %s%n",
                degraded, withoutFace, unreadable, target);
    }

    /** One photo made low-quality: the draws depend only on its path. */
    static byte[] degrade(RgbImage image, double faceWidth, String path) {
        SplittableRandom random = new SplittableRandom(pathSeed(path));
        int facePixels = MIN_FACE_PIXELS + random.nextInt(MAX_FACE_PIXELS - MIN_FACE_PIXELS + 1);
        float quality = (MIN_QUALITY + random.nextInt(MAX_QUALITY - MIN_QUALITY + 1)) / 100f;
        double factor = Math.min(1, facePixels / faceWidth);
        int width = Math.max(1, (int) Math.round(image.width() * factor));
        int height = Math.max(1, (int) Math.round(image.height() * factor));
        RgbImage small = ImageResampler.resizeToRgb(image, width, height);
        byte[] rgb = small.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            int luma = Math.round(0.299f * (rgb[i] & 0xFF) + 0.587f * (rgb[i + 1] & 0xFF) + 0.114f * (rgb[i + 2] & 0xFF));
            rgb[i] = (byte) luma;
            rgb[i + 1] = (byte) luma;
            rgb[i + 2] = (byte) luma;
        }
        return CropCodec.encode(new RgbImage(width, height, rgb), quality);
    }

    private static long pathSeed(String path) {
        long h = 1125899906842597L;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }
}
