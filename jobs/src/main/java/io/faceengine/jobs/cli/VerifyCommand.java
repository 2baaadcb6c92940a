package io.faceengine.jobs.cli;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.eval.LabelledFaceEmbedder;
import io.faceengine.pipeline.eval.LabelledFaceEmbedder.Outcome;
import io.faceengine.pipeline.eval.PairsFile;
import io.faceengine.pipeline.eval.VerificationPair;
import io.faceengine.pipeline.eval.VerificationProtocol;
import io.faceengine.pipeline.eval.VerificationReport;
import io.faceengine.pipeline.image.ImageDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures the models on labelled data: how often the labelled (central) face is detected, and
 * verification accuracy on labelled pairs with the k-fold protocol of LFW.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Detection rate and k-fold verification accuracy on labelled pairs.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--pairs", required = true, description = "Pairs CSV: fold,identity_a,index_a,identity_b,index_b,same "
            + "(LFW) or path_a,path_b,same[,fold]")
    Path pairsFile;

    @Option(names = "--root", required = true, description = "Folder the pair paths are relative to")
    Path root;

    @Option(names = "--labels", description = "Optional labels CSV (first column: image path relative to --root); "
            + "the detection rate is then measured on all its images, not just the pairs'")
    Path labelsFile;

    @Option(names = "--batch", defaultValue = "32", description = "Images per detection batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--report", description = "Write the JSON report here as well")
    Path reportFile;

    @Override
    public Integer call() throws IOException {
        FaceEngineConfig cfg = config.load();
        List<VerificationPair> pairs = PairsFile.read(pairsFile, root);
        LinkedHashSet<Path> images = new LinkedHashSet<>();
        if (labelsFile != null) {
            Files.readAllLines(labelsFile).stream().skip(1).filter(l -> !l.isBlank())
                    .forEach(l -> images.add(root.resolve(l.split(",")[0].trim())));
        }
        pairs.forEach(p -> {
            images.add(p.imageA());
            images.add(p.imageB());
        });
        LabelledFaceEmbedder embedder = new LabelledFaceEmbedder(FaceModels.load(cfg), new ImageDecoder(cfg.image()), batch);
        Map<Path, Outcome> outcomes = embedder.embedAll(new ArrayList<>(images));

        VerificationReport verification = VerificationProtocol.evaluate(pairs, outcomes);
        long found = outcomes.values().stream().filter(o -> o.face().isPresent()).count();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("images", outcomes.size());
        report.put("labelledFaceFound", found);
        report.put("detectionRate", (double) found / outcomes.size());
        report.put("failures", outcomes.values().stream().filter(o -> o.failure() != null)
                .map(o -> Map.of("image", root.relativize(o.image()).toString(), "reason", o.failure())).toList());
        report.put("verification", verification);
        JsonReport.print(report, reportFile);
        return 0;
    }
}
