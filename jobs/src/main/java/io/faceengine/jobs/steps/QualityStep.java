package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.io.RunJson;
import io.faceengine.quality.QualityConfig;
import io.faceengine.quality.QualityStage;
import io.faceengine.quality.QualityStatistics;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;

/**
 * Scores every detected face and applies the quality policy (pass/fail with reasons), then
 * writes the run's quality statistics (histograms, reason counts, pass rate) next to its tables.
 * Faces handed in as aligned crops (input.alignedCrops) are judged only on what applies to them.
 */
public final class QualityStep implements RunStep {
    public static final String OUTPUT = "quality";
    public static final String STATISTICS = "quality-statistics.json";

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        QualityConfig quality = QualityConfig.fromTree(context.config().quality());
        Dataset<Row> faces = spark.read().parquet(context.layout().stepOutput(DetectStep.OUTPUT).toString());
        String output = context.layout().stepOutput(OUTPUT).toString();
        FaceOrigin origin = context.config().input().faceOrigin();
        QualityStage stage = new QualityStage(quality.policy(), origin);
        QualityStatistics statistics;
        if (faces.isEmpty()) {
            // Nothing new: an empty table and the statistics of no face, without a Spark job per figure.
            spark.createDataFrame(List.of(), stage.transformSchema(faces.schema())).write().mode("overwrite").parquet(output);
            statistics = QualityStatistics.empty(quality.histograms(), origin);
            context.stats().skipped("no new faces");
        } else {
            stage.transform(faces).write().mode("overwrite").parquet(output);
            statistics = QualityStatistics.compute(spark.read().parquet(output), quality.histograms(), origin);
        }
        context.files().write(new Path(context.layout().runDir(), STATISTICS), RunJson.write(statistics));
        context.stats().count("faces", statistics.faces()).count("passed", statistics.passed());
        for (Map.Entry<String, Long> reason : statistics.reasons().entrySet()) {
            context.stats().count("reason." + reason.getKey(), reason.getValue());
        }
    }
}
