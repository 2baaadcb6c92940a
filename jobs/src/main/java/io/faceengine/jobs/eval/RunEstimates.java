package io.faceengine.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The label precision the runs themselves estimated for what they accepted (each run summary's
 * {@code calibration.acceptance}), so the report sets it beside the precision the labels realise.
 * Several runs are combined weighted by the faces each estimate covers.
 */
public final class RunEstimates {
    private RunEstimates() {
    }

    public static Map<String, Object> read(Configuration conf, String dataRoot, List<String> runIds) throws IOException {
        RunFiles files = new RunFiles(conf);
        List<JsonNode> summaries = new ArrayList<>();
        for (String runId : runIds) {
            Path summary = new RunLayout(dataRoot, runId).summaryPath();
            Optional<String> json = files.read(summary);
            if (json.isPresent()) {
                summaries.add(RunJson.read(json.get(), JsonNode.class, summary.toString()));
            }
        }
        return combine(summaries);
    }

    static Map<String, Object> combine(List<JsonNode> summaries) {
        Map<String, Object> perRun = new LinkedHashMap<>();
        double expectedRight = 0;
        long faces = 0;
        for (JsonNode summary : summaries) {
            JsonNode acceptance = summary.path("calibration").path("acceptance");
            JsonNode precision = acceptance.path("estimatedPrecision");
            long covered = acceptance.path("estimatedFaces").asLong(0);
            if (!precision.isNumber() || covered == 0) {
                continue; // not calibrated, or it accepted nothing it estimated
            }
            perRun.put(summary.path("runId").asText(), precision.asDouble());
            expectedRight += precision.asDouble() * covered;
            faces += covered;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("estimatedPrecision", faces == 0 ? null : expectedRight / faces);
        out.put("estimatedFaces", faces);
        out.put("perRun", perRun);
        return out;
    }
}
