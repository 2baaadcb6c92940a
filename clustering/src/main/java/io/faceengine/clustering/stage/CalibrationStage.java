package io.faceengine.clustering.stage;

import io.faceengine.clustering.calibration.PairEvidence;
import io.faceengine.clustering.calibration.SetEvidence;
import io.faceengine.clustering.decision.DecisionConstraints;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * Gathers each set's calibration evidence, one set per Spark task: reads {@code face_id, image_id,
 * set_id, embedding} of the faces intra-set clustering will cluster and yields, per set, its sampled
 * pairs, nearest-face scores, same-photo pairs and the pairs its human decisions labelled. The
 * evidence is small (a bounded sample per set), so the driver fits the mixtures on it.
 */
public final class CalibrationStage {
    private static final String STAGE = "calibration evidence";
    private final SetEvidence evidence;
    private final DecisionConstraints constraints;

    public CalibrationStage(SetEvidence evidence, DecisionConstraints constraints) {
        this.evidence = evidence;
        this.constraints = constraints;
    }

    /** One set's evidence. */
    public record SetPairEvidence(String setId, PairEvidence evidence) implements Serializable {
    }

    /** Per set id (sorted), its evidence. */
    public Map<String, PairEvidence> collect(Dataset<Row> faces) {
        SchemaContract.require(STAGE, faces.schema(),
                DataTypes.createStructField(FaceTables.FACE_ID, DataTypes.StringType, false),
                DataTypes.createStructField(FaceTables.IMAGE_ID, DataTypes.StringType, false),
                DataTypes.createStructField(FaceTables.SET_ID, DataTypes.StringType, false),
                DataTypes.createStructField(FaceTables.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true));
        SetEvidence perSet = evidence;
        DecisionConstraints decided = constraints;
        MapGroupsFunction<String, Row, SetPairEvidence> gather = (setId, rows) ->
                new SetPairEvidence(setId, perSet.collect(IntraSetClusterStage.collect(setId, rows), decided.forSet(setId)));
        Map<String, PairEvidence> out = new TreeMap<>();
        faces.select(col(FaceTables.FACE_ID), col(FaceTables.IMAGE_ID), col(FaceTables.SET_ID), col(FaceTables.EMBEDDING))
                .where(col(FaceTables.EMBEDDING).isNotNull())
                .groupByKey((MapFunction<Row, String>) r -> r.getString(2), Encoders.STRING())
                .mapGroups(gather, Encoders.javaSerialization(SetPairEvidence.class))
                .collectAsList()
                .forEach(e -> out.put(e.setId(), e.evidence()));
        return out;
    }
}
