package io.faceengine.jobs.eval;

import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.run.TableCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.Map;

/** Face id → cluster, identity and acceptance, as the committed runs leave them (latest run per set). */
public final class CommittedAssignments {
    private CommittedAssignments() {
    }

    public static Map<String, RunEvaluation.Assignment> read(SparkSession spark, TableCatalog catalog) {
        Map<String, RunEvaluation.Assignment> assignments = new HashMap<>();
        Dataset<Row> latest = catalog.readLatestPerSet(spark, IdentityTables.CLUSTERS, IdentityTables.SET_ID, null);
        if (latest == null) {
            return assignments;
        }
        Dataset<Row> clusters = latest
                .select(IdentityTables.FACE_ID, IdentityTables.CLUSTER_ID, IdentityTables.IDENTITY_ID, IdentityTables.ACCEPTED);
        for (Row row : clusters.collectAsList()) {
            assignments.put(row.getString(0), new RunEvaluation.Assignment(row.getString(1), row.getString(2), row.getBoolean(3)));
        }
        return assignments;
    }
}
