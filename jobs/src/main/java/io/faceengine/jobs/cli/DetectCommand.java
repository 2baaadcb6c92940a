package io.faceengine.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.DecodedImage;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Try the models on a few images: prints one JSON line per image and optionally writes aligned crops. */
@Command(name = "detect", mixinStandardHelpOptions = true, description = "Detect faces in image files; print boxes, scores and landmarks as JSON lines.")
final class DetectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOptions config;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG, BMP, GIF, WebP)")
    List<Path> images;

    @Option(names = "--crops", paramLabel = "DIR", description = "Write each face's aligned 112x112 crop here as PNG")
    Path cropsDirectory;

    @Override
    public Integer call() throws IOException {
        FaceEngineConfig cfg = config.load();
        FaceModels models = FaceModels.load(cfg);
        ImageDecoder decoder = new ImageDecoder(cfg.image());
        if (cropsDirectory != null) {
            Files.createDirectories(cropsDirectory);
        }
        int failures = 0;
        for (Path path : images) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("image", path.toString());
            try {
                DecodedImage decoded = decoder.decode(path);
                List<DetectedFace> faces = models.detector().detect(List.of(decoded.image())).get(0);
                line.put("width", decoded.image().width());
                line.put("height", decoded.image().height());
                List<Map<String, Object>> out = new java.util.ArrayList<>();
                for (int i = 0; i < faces.size(); i++) {
                    DetectedFace face = faces.get(i);
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("box", new float[]{face.box().x1(), face.box().y1(), face.box().x2(), face.box().y2()});
                    f.put("score", face.score());
                    f.put("landmarksX", face.landmarks().x());
                    f.put("landmarksY", face.landmarks().y());
                    if (cropsDirectory != null) {
                        Path crop = cropsDirectory.resolve(stem(path) + "_face" + i + ".png");
                        ImageIO.write(models.aligner().align(decoded.image(), face.landmarks()).crop().toBufferedImage(),
                                "png", crop.toFile());
                        f.put("crop", crop.toString());
                    }
                    out.add(f);
                }
                line.put("faces", out);
            } catch (ImageDecodeException e) {
                failures++;
                line.put("error", e.reason().name());
                line.put("message", e.getMessage());
            }
            System.out.println(JSON.writeValueAsString(line));
        }
        return failures == 0 ? 0 : 2;
    }

    private static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
