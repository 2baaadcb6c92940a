package io.faceengine.training.retrain;

import java.io.Serializable;

/** One sample as the driver reads it for a batch: its class's place and its weighted features. */
record TrainingSample(int shard, int classIndex, float weight, float[] features) implements Serializable {
}
