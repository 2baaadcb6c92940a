package io.faceengine.jobs.eval;

import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.jobs.eval.LabelledFaces.LabelledFace;
import io.faceengine.pipeline.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
