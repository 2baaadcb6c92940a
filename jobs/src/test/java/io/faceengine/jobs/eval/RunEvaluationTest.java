package io.faceengine.jobs.eval;

import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.jobs.eval.LabelledFaces.LabelledFace;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.eval.LabelsFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunEvaluationTest {
    @Test
    void perfectSetsOfUnevenSizesScoreExactlyOne() {
        // Sets of 6, 23 and 1 faces, one person each: the face-weighted mean of 1.0 must be 1.0.
        List<LabelledFace> faces = new ArrayList<>();
        int[] sizes = {6, 23, 1};
        for (int set = 0; set < sizes.length; set++) {
            for (int i = 0; i < sizes[set]; i++) {
                float[] embedding = new float[8];
                embedding[set] = 1;
                embedding[7] = 0.01f * i;
                faces.add(new LabelledFace("face-" + set + "-" + i, "image-" + set + "-" + i, "set-" + set, "person-" + set,
                        embedding));
            }
        }
        ClusteringSettings settings = ClusteringSettings.fromTree(ConfigLoader.defaultsOnly().clustering());

        RunEvaluation.ThresholdPoint point = RunEvaluation.sweep(faces, settings, List.of(0.6f)).get(0);

        assertEquals(1.0, point.pairwisePrecision());
        assertEquals(1.0, point.pairwiseRecall());
        assertEquals(1.0, point.bcubedF1());
        assertEquals(3, point.clusters());
    }

    @Test
    @SuppressWarnings("unchecked")
    void nmiIsOneForAnUnsplitPersonAndNotApplicableForASplitOne() {
        // set-0: Ann alone, kept in one cluster; set-1: Bo alone, split in two; set-2: Ann and Bo, apart.
        List<LabelledFace> faces = new ArrayList<>();
        Map<String, RunEvaluation.Assignment> assignments = new HashMap<>();
        String[][] rows = {{"set-0", "Ann", "c0"}, {"set-0", "Ann", "c0"}, {"set-1", "Bo", "c1"}, {"set-1", "Bo", "c2"},
                {"set-2", "Ann", "c3"}, {"set-2", "Bo", "c4"}};
        for (int i = 0; i < rows.length; i++) {
            float[] embedding = new float[4];
            embedding[rows[i][1].equals("Ann") ? 0 : 1] = 1;
            faces.add(new LabelledFace("face-" + i, "image-" + i, rows[i][0], rows[i][1], embedding));
            assignments.put("face-" + i, new RunEvaluation.Assignment(rows[i][2], "id-" + rows[i][1], false));
        }
        ClusteringSettings settings = ClusteringSettings.fromTree(ConfigLoader.defaultsOnly().clustering());

        Map<String, Object> report = RunEvaluation.evaluate(LabelledFaces.Collected.of(faces), assignments, settings, List.of(0.6f));

        Map<String, Map<String, Object>> intraSet = (Map<String, Map<String, Object>>) report.get("intraSet");
        assertEquals(1.0, intraSet.get("set-0").get("nmi"));
        assertNull(intraSet.get("set-1").get("nmi"));
        assertTrue(intraSet.get("set-1").containsKey("nmi"), "the JSON shows it as null, not missing");
        assertEquals(1.0, intraSet.get("set-2").get("nmi"));
        assertEquals(6, ((Map<String, Object>) report.get("coverage")).get("scored"));
        String html = EvaluationHtml.render(report);
        assertTrue(html.contains("<td>n/a</td>"), "the split single-person set shows n/a");
        assertTrue(html.contains("Per-set clusters over the clustering threshold"), "the sweep says what it re-clusters");
        assertTrue(html.contains("Final identities (after cross-set dedup)") && html.contains("Set set-1: its clusters"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void facesTheEngineLeftUnlabelledAreScoredAsIdentitiesOfTheirOwn() {
        // Ann's two clustered faces are one accepted identity; her third photo's face was found and
        // rejected by the quality filter; Bo's photo had no face found at all.
        List<LabelledFace> faces = new ArrayList<>();
        Map<String, RunEvaluation.Assignment> assignments = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            faces.add(new LabelledFace("face-" + i, "image-" + i, "set-0", "Ann", new float[]{1, 0.01f * i}));
            assignments.put("face-" + i, new RunEvaluation.Assignment("c0", "id-Ann", true));
        }
        List<LabelledFaces.Unscored> unscored = List.of(
                new LabelledFaces.Unscored(new LabelsFile.Label("ann3.jpg", "Ann", "set-0", null, 4),
                        UnscoredReason.FACE_REJECTED_BY_QUALITY, "BLURRY"),
                new LabelledFaces.Unscored(new LabelsFile.Label("bo.jpg", "Bo", "set-0", null, 5),
                        UnscoredReason.NO_FACE_DETECTED, ""));
        ClusteringSettings settings = ClusteringSettings.fromTree(ConfigLoader.defaultsOnly().clustering());

        Map<String, Object> report = RunEvaluation.evaluate(new LabelledFaces.Collected(faces, 4, unscored), assignments,
                settings, List.of());

        Map<String, Object> coverage = (Map<String, Object>) report.get("coverage");
        assertEquals(2, coverage.get("scored"));
        assertEquals(3L, coverage.get("located"), "the rejected face was found; the photo without a face was not");
        Map<String, Object> located = (Map<String, Object>) report.get("locatedLabels");
        assertEquals(3, located.get("labels"));
        assertEquals(1, located.get("leftUnlabelled"));
        assertEquals(2.0 / 3, (double) located.get("acceptedShare"), 1e-12);
        Map<String, Object> whole = (Map<String, Object>) located.get("identities");
        // Ann split 2 + 1: BCubed recall (2/3 * 2 + 1/3) / 3 = 5/9, precision 1.
        assertEquals(1.0, (double) whole.get("bcubedPrecision"), 1e-12);
        assertEquals(5.0 / 9, (double) whole.get("bcubedRecall"), 1e-12);
        Map<String, Object> clusteredOnly = (Map<String, Object>) report.get("identities");
        assertEquals(1.0, (double) clusteredOnly.get("bcubedRecall"), 1e-12);
        assertTrue(EvaluationHtml.render(report).contains("Every located label"));
    }
}
