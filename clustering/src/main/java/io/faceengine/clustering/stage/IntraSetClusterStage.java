package io.faceengine.clustering.stage;

import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.cluster.SetFaces;
import io.faceengine.clustering.decision.DecisionConstraints;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Clusters each input set on its own, one set per Spark task: reads {@code face_id, image_id,
 * set_id, embedding} of embedded, quality-passed faces and yields one {@link SetClustering} per set.
 * Sets are independent, so they spread over the executors; the result per set is small (ids,
 * labels, centroids), which lets the driver run the cross-set dedup on it.
 */
public final class IntraSetClusterStage {
    private static final String STAGE = "intra-set clustering";
    private final SetClusterer clusterer;
    private final DecisionConstraints constraints;

    public IntraSetClusterStage(SetClusterer clusterer) {
        this(clusterer, DecisionConstraints.none());
    }

    /** Clusters each set under the human decisions about it (fixed clusters, faces that are not faces). */
    public IntraSetClusterStage(SetClusterer clusterer, DecisionConstraints constraints) {
        this.clusterer = clusterer;
        this.constraints = constraints;
    }

    public Dataset<SetClustering> transform(Dataset<Row> faces) {
        SchemaContract.require(STAGE, faces.schema(),
                DataTypes.createStructField(FaceTables.FACE_ID, DataTypes.StringType, false),
                DataTypes.createStructField(FaceTables.IMAGE_ID, DataTypes.StringType, false),
                DataTypes.createStructField(FaceTables.SET_ID, DataTypes.StringType, false),
                DataTypes.createStructField(FaceTables.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true));
        SetClusterer perSet = clusterer;
        DecisionConstraints decided = constraints;
        MapGroupsFunction<String, Row, SetClustering> clusterOneSet =
                (setId, rows) -> perSet.cluster(collect(setId, rows), decided.forSet(setId));
        return faces.select(col(FaceTables.FACE_ID), col(FaceTables.IMAGE_ID), col(FaceTables.SET_ID), col(FaceTables.EMBEDDING))
                .where(col(FaceTables.EMBEDDING).isNotNull())
                .groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(2), Encoders.STRING())
                .mapGroups(clusterOneSet, Encoders.javaSerialization(SetClustering.class));
    }

    /** The set's faces sorted by id: the order in which Spark delivers a group is not fixed. */
    static SetFaces collect(String setId, Iterator<Row> rows) {
        List<Row> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        all.sort(Comparator.comparing(r -> r.getString(0)));
        List<String> faceIds = new ArrayList<>(all.size());
        List<String> imageIds = new ArrayList<>(all.size());
        int dimension = all.isEmpty() ? 0 : all.get(0).getList(3).size();
        float[] values = new float[all.size() * dimension];
        for (int i = 0; i < all.size(); i++) {
            Row row = all.get(i);
            faceIds.add(row.getString(0));
            imageIds.add(row.getString(1));
            List<Float> embedding = row.getList(3);
            if (embedding.size() != dimension) {
                throw new IllegalArgumentException("set " + setId + ": face " + row.getString(0) + " has a "
                        + embedding.size() + "-d embedding, others " + dimension + "-d");
            }
            for (int c = 0; c < dimension; c++) {
                values[i * dimension + c] = embedding.get(c);
            }
        }
        return new SetFaces(setId, faceIds, imageIds, new SetFaces.VectorSetData(all.size(), dimension, values));
    }
}
