package io.faceengine.training.retrain;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * The columns of a dataset manifest's faces table that retraining reads (the run's publish step
 * writes the table): which split a face is in, whether it is an outlier or a hard example, and
 * which faces table holds its embedding and crop.
 */
public final class ManifestFaces {
    public static final String CROP_TABLE = "crop_table";
    public static final String HARD_EXAMPLE = "hard_example";
    public static final String SPLIT = "split";
    public static final String OUTLIER = "outlier";

    private ManifestFaces() {
    }

    /** The faces tables a manifest's faces are stored in, in a fixed order. */
    public static List<String> faceTables(Dataset<Row> manifestFaces) {
        return manifestFaces.select(CROP_TABLE).distinct().orderBy(CROP_TABLE).as(Encoders.STRING()).collectAsList();
    }
}
