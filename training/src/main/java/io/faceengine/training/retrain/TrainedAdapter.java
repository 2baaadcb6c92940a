package io.faceengine.training.retrain;

import io.faceengine.pipeline.io.RunJson;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training's outcome: the adapter, how each epoch went, and what it was trained on.
 *
 * @param resumedAfterEpoch the checkpoint this call started from (0 = a fresh start)
 */
public record TrainedAdapter(EmbeddingAdapter adapter, List<EpochSummary> history, TrainingData data,
                             TrainingOptions options, int resumedAfterEpoch) {

    /** Saves the adapter with its options, data and history as metadata. */
    public void save(Configuration conf, Path file) throws IOException {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("options", options);
        training.put("data", data);
        training.put("history", history);
        adapter.save(conf, file, RunJson.MAPPER.valueToTree(training));
    }
}
