package io.faceengine.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.pipeline.io.RunJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunEstimatesTest {
    private static JsonNode summary(String runId, String calibration) throws Exception {
        return RunJson.MAPPER.readTree("{\"runId\":\"" + runId + "\",\"calibration\":" + calibration + "}");
    }

    @Test
    void runsAreCombinedByTheFacesEachEstimateCovers() throws Exception {
        Map<String, Object> out = RunEstimates.combine(List.of(
                summary("r1", "{\"enabled\":true,\"acceptance\":{\"estimatedPrecision\":0.99,\"estimatedFaces\":100}}"),
                summary("r2", "{\"enabled\":true,\"acceptance\":{\"estimatedPrecision\":0.999,\"estimatedFaces\":300}}"),
                // Not calibrated, or nothing accepted that it estimated: no estimate to weigh.
                summary("r3", "{\"enabled\":false}"),
                summary("r4", "{\"enabled\":true,\"acceptance\":{\"estimatedPrecision\":null,\"estimatedFaces\":0}}")));

        assertEquals((0.99 * 100 + 0.999 * 300) / 400, (double) out.get("estimatedPrecision"), 1e-12);
        assertEquals(400L, out.get("estimatedFaces"));
        assertEquals(Map.of("r1", 0.99, "r2", 0.999), out.get("perRun"));
    }

    @Test
    void noCalibratedRunGivesNoEstimate() throws Exception {
        Map<String, Object> out = RunEstimates.combine(List.of(summary("r1", "null")));

        assertNull(out.get("estimatedPrecision"));
        assertEquals(0L, out.get("estimatedFaces"));
    }
}
