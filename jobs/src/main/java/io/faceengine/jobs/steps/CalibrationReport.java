package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.calibration.CalibrationOptions;
import io.faceengine.clustering.calibration.DedupCalibration;
import io.faceengine.clustering.calibration.Fit;
import io.faceengine.clustering.calibration.ScoreMixture;
import io.faceengine.clustering.calibration.SetCalibration;
import io.faceengine.clustering.calibration.SetCalibrator;
import io.faceengine.clustering.calibration.ThresholdSource;
import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's calibration record {@code runs/<runId>/calibration/calibration.json}: the targets, per
 * set the evidence counts, the fitted mixture and the threshold chosen (or the fallback and why),
 * dedup's thresholds, and the estimated label precision of the accepted clusters. The run summary
 * and the manifest summary carry its {@link #headline} part.
 */
public final class CalibrationReport {
    public static final String FOLDER = "calibration";
    public static final String FILE = "calibration.json";

    private CalibrationReport() {
    }

    /**
     * @param acceptedCluster per cluster id, whether it ended accepted (after dedup's doubts)
     */
    public static Map<String, Object> of(CalibrationOptions options, SetCalibrator.Result sets, DedupCalibration dedup,
                                         List<SetClustering> clustered, Map<String, Boolean> acceptedCluster) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", options.enabled());
        out.put("targets", Map.of("falseMergeRate", options.falseMergeRate(), "dedupMergeRate", options.dedupMergeRate(),
                "acceptPrecision", options.acceptPrecision(), "minGenuinePairs", options.minGenuinePairs(),
                "minSeparation", options.minSeparation()));
        long faces = 0;
        long accepted = 0;
        double expectedRight = 0;
        long estimatedFaces = 0;
        for (SetClustering set : clustered) {
            for (ClusterSummary c : set.clusters()) {
                faces += c.size();
                if (Boolean.TRUE.equals(acceptedCluster.get(c.clusterId()))) {
                    accepted += c.size();
                    // A cluster a person fixed is as right as the person; an estimate exists only where calibrated.
                    double precision = c.humanDecided() ? 1 : c.estimatedPrecision();
                    if (!Double.isNaN(precision)) {
                        expectedRight += precision * c.size();
                        estimatedFaces += c.size();
                    }
                }
            }
        }
        Map<String, Object> acceptance = new LinkedHashMap<>();
        acceptance.put("faces", faces);
        acceptance.put("acceptedFaces", accepted);
        acceptance.put("acceptedShare", faces == 0 ? 0.0 : (double) accepted / faces);
        acceptance.put("estimatedPrecision", estimatedFaces == 0 ? null : expectedRight / estimatedFaces);
        acceptance.put("estimatedFaces", estimatedFaces);
        out.put("acceptance", acceptance);
        if (sets != null) {
            out.put("run", fit(sets.run()));
            List<Map<String, Object>> perSet = new ArrayList<>();
            sets.sets().values().forEach(s -> perSet.add(set(s)));
            out.put("sets", perSet);
        }
        if (dedup != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", dedup.source().name());
            d.put("autoMergeThreshold", dedup.autoMerge());
            d.put("reviewThreshold", dedup.review());
            d.put("sureMergeThreshold", dedup.sureMerge());
            d.put("fallback", dedup.fallback());
            d.put("fit", fit(dedup.fit()));
            out.put("dedup", d);
        }
        return out;
    }

    /** The part the run summary and the manifest summary repeat: thresholds chosen, fallbacks, estimated precision. */
    public static Map<String, Object> headline(JsonNode report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", report.path("enabled").asBoolean());
        out.put("acceptance", report.path("acceptance"));
        Map<String, Object> thresholds = new LinkedHashMap<>();
        List<String> fallbacks = new ArrayList<>();
        for (JsonNode set : report.path("sets")) {
            thresholds.put(set.path("setId").asText(), set.path("threshold").asDouble());
            if (!set.path("fallback").isNull() && !set.path("fallback").isMissingNode()) {
                fallbacks.add(set.path("setId").asText() + " (" + set.path("source").asText() + "): " + set.path("fallback").asText());
            }
        }
        out.put("clusteringThresholds", thresholds);
        JsonNode dedup = report.path("dedup");
        if (!dedup.isMissingNode()) {
            out.put("dedup", Map.of("source", dedup.path("source").asText(), "autoMergeThreshold", dedup.path("autoMergeThreshold").asDouble(),
                    "reviewThreshold", dedup.path("reviewThreshold").asDouble()));
            if (!dedup.path("fallback").isNull()) {
                fallbacks.add("dedup: " + dedup.path("fallback").asText());
            }
        }
        out.put("fallbacks", fallbacks);
        return out;
    }

    public static Path path(RunLayout layout) {
        return new Path(layout.stepOutput(FOLDER).toString(), FILE);
    }

    public static void write(Configuration hadoop, RunLayout layout, Map<String, Object> report) throws IOException {
        new RunFiles(hadoop).write(path(layout), RunJson.write(report));
    }

    /** The run's calibration record, if its cluster step wrote one. */
    public static Optional<JsonNode> read(Configuration hadoop, RunLayout layout) throws IOException {
        Optional<String> json = new RunFiles(hadoop).read(path(layout));
        return json.map(j -> RunJson.read(j, JsonNode.class, path(layout).toString()));
    }

    private static Map<String, Object> set(SetCalibration s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setId", s.setId());
        out.put("source", s.source().name());
        out.put("threshold", s.threshold());
        out.put("reviewBand", List.of(s.reviewFrom(), s.threshold()));
        out.put("fallback", s.fallback());
        out.put("evidence", s.own().counts());
        out.put("fit", fit(s.own()));
        if (s.source() == ThresholdSource.RUN) {
            out.put("usedFit", "run");
        }
        return out;
    }

    private static Map<String, Object> fit(Fit fit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evidence", fit.counts());
        out.put("usable", fit.usable());
        out.put("problem", fit.problem());
        ScoreMixture m = fit.mixture();
        if (m != null) {
            out.put("impostor", Map.of("mean", m.impostorMean(), "sd", m.impostorSd()));
            out.put("genuine", Map.of("mean", m.genuineMean(), "sd", m.genuineSd()));
            out.put("pairPrior", m.pairPrior());
            if (m.hasNearest()) {
                out.put("nearestLinks", Map.of("prior", m.nearestPrior(), "mean", m.nearestMean(), "sd", m.nearestSd(),
                        "candidates", m.candidates()));
            }
            out.put("genuinePairs", m.genuinePairs());
            out.put("separation", m.separation());
            out.put("iterations", m.iterations());
        }
        return out;
    }
}
