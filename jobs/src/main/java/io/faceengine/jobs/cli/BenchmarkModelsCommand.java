package io.faceengine.jobs.cli;

import io.faceengine.jobs.bench.ModelBenchmark;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Model throughput on this machine: detection images/s, embedding faces/s, share of the FP32 peak. */
@Command(name = "benchmark-models", mixinStandardHelpOptions = true, description = "Measure detection and embedding throughput at several batch sizes.")
final class BenchmarkModelsCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--images", required = true,
            description = "Folder searched recursively for .jpg/.png images, or a text file listing image paths")
    Path imagesDirectory;

    @Option(names = "--limit", defaultValue = "64", description = "Images to use (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32")
    List<Integer> batchSizes;

    @Option(names = "--seconds", defaultValue = "3", description = "Minimum seconds per timed round")
    double seconds;

    @Option(names = "--peak-gflops", required = true, description = "The machine's measured FP32 peak, GFLOP/s")
    double peakGflops;

    @Option(names = "--report", description = "Write the JSON report here as well")
    Path reportFile;

    @Override
    public Integer call() throws IOException, ImageDecodeException {
        FaceEngineConfig cfg = config.load();
        ImageDecoder decoder = new ImageDecoder(cfg.image());
        List<Path> files;
        if (Files.isRegularFile(imagesDirectory)) {
            files = Files.readAllLines(imagesDirectory).stream().filter(l -> !l.isBlank()).map(Path::of).limit(limit).toList();
        } else {
            try (Stream<Path> walk = Files.walk(imagesDirectory)) {
                files = walk.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().limit(limit).toList();
            }
        }
        List<RgbImage> images = new ArrayList<>();
        for (Path file : files) {
            images.add(decoder.decode(file).image());
        }
        JsonReport.print(new ModelBenchmark(cfg, seconds).run(images, batchSizes, peakGflops), reportFile);
        return 0;
    }
}
