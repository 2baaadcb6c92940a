package io.faceengine.jobs.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunParametersTest {
    @Test
    void roundTripsThroughJobParametersOnePerLine() {
        RunParameters run = new RunParameters("20250101-120000-abcdef", "hdfs://nn/data",
                List.of("/in/a b", "s3a://bucket/manifest.jsonl"), "/etc/fe.yaml",
                List.of("detection.minFaceSize=40", "testing.failOnceInStep=\"x\ny\""));
        Properties p = run.toJobParameters();
        p.values().forEach(v -> assertTrue(!v.toString().contains("\n"), "one line per parameter: " + v));
        assertEquals(run, RunParameters.from(p));
    }

    @Test
    void restartChangesAppendOverridesAndKeepTheRest() {
        RunParameters run = new RunParameters("r1", "/data", List.of("/in"), null, List.of("a.b=1"));
        RunParameters changed = run.withChanges(null, List.of("a.b=2"));
        assertEquals(List.of("a.b=1", "a.b=2"), changed.overrides());
        assertEquals(run.inputs(), changed.inputs());
        assertEquals("/other.yaml", run.withChanges("/other.yaml", List.of()).configFile());
    }

    @Test
    void runIdsAreFolderNames() {
        assertTrue(RunId.generate().matches("\\d{8}-\\d{6}-[0-9a-f]{6}"));
        assertThrows(IllegalArgumentException.class, () -> RunId.requireValid("../x"));
        assertThrows(IllegalArgumentException.class, () -> RunId.requireValid("a/b"));
    }
}
