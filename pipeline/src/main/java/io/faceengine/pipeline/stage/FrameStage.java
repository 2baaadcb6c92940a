package io.faceengine.pipeline.stage;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One step of a run as a DataFrame-to-DataFrame transformation with a declared column contract
 * (the idea of Spark ML's Transformer): {@link #transformSchema} checks the columns the stage
 * reads and returns the schema it produces, so a job can be validated before any data moves.
 */
public interface FrameStage {

    /** The output schema for this input schema; throws {@link StageSchemaException} naming what is missing. */
    StructType transformSchema(StructType input);

    /** Adds (or replaces) this stage's columns. Implementations call {@link #transformSchema} first. */
    Dataset<Row> transform(Dataset<Row> input);
}
