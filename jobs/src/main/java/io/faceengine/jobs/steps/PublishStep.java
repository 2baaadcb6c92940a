package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityRegistry;
import io.faceengine.clustering.registry.ReviewItem;
import io.faceengine.clustering.registry.ReviewKind;
import io.faceengine.clustering.registry.ReviewQueueIndex;
import io.faceengine.clustering.registry.ReviewStatus;
import io.faceengine.clustering.stage.IdentityRows;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunRegistryBinding;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.io.RunJson;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the run's results available: the crops of its clustered faces are written as archives
 * the review API serves, the identities it created or grew go into the registry index, its review
 * items into the review queue (all idempotent, so a restart is safe), and a new dataset manifest
 * version is written when the run labelled any face.
 */
public final class PublishStep implements RunStep {

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        String runId = context.runId();
        List<IdentityRecord> registryAfter = spark.read().schema(IdentityTables.IDENTITY)
                .parquet(context.layout().stepOutput(IdentityTables.IDENTITIES).toString())
                .collectAsList().stream().map(IdentityRows::fromRow).toList();
        List<IdentityRecord> changed = registryAfter.stream().filter(r -> runId.equals(r.updatedRun())).toList();
        List<ReviewItem> items = reviewItems(spark, context);
        // Every set in this run's clusters was clustered whole by it (none: the run labelled no face).
        List<String> clusteredSets = spark.read().parquet(context.layout().stepOutput(IdentityTables.CLUSTERS).toString())
                .select(IdentityTables.SET_ID).distinct().as(Encoders.STRING()).collectAsList();
        boolean clustered = !clusteredSets.isEmpty();
        if (clustered) {
            // Before the review items are queued, so every queued face's crop can be served.
            CropArchiveWriter.Written crops = CropArchiveWriter.write(spark, context.layout());
            context.stats().count("crops", crops.faces()).count("cropArchives", crops.archives());
        }

        if (clustered || !changed.isEmpty() || !items.isEmpty()) {
            ElasticsearchOptions es = ElasticsearchOptions.fromTree(context.config().elasticsearch());
            try (ElasticsearchConnection connection = ElasticsearchClients.open(es)) {
                RunRegistryBinding.ensure(context, connection);
                IdentityRegistry registry = connection.identityRegistry();
                registry.upsertAll(registry.count() < registryAfter.size() - changed.size() ? registryAfter : changed);
                ReviewQueueIndex.Replacement queued = connection.reviewQueue().replaceRunItems(runId, items);
                // Earlier runs' questions about the sets this run clustered again are outdated.
                long superseded = connection.reviewQueue().supersedeOtherRuns(runId, clusteredSets);
                context.stats().count("registryUpserts", changed.size()).count("reviewItemsQueued", queued.written())
                        .count("reviewItemsRemoved", queued.removed()).count("reviewItemsSuperseded", superseded);
            }
        }
        if (!clustered) {
            context.stats().count("manifestVersion", 0);
            return;
        }
        ClusteringSettings settings = ClusteringSettings.fromTree(context.config().clustering());
        ObjectNode thresholds = RunJson.MAPPER.valueToTree(context.config().clustering());
        // The cosines the run actually cut at, when it calibrated them from its own evidence.
        CalibrationReport.read(spark.sparkContext().hadoopConfiguration(), context.layout())
                .ifPresent(report -> thresholds.set("calibrated", RunJson.MAPPER.valueToTree(CalibrationReport.headline(report))));
        Map<String, Object> summary = DatasetManifest.publish(spark, context.layout(),
                new TableCatalog(context.layout().dataRoot().toString()), thresholds, settings.validationPercent());
        context.stats().count("manifestVersion", ((Number) summary.get("version")).longValue())
                .count("manifestFaces", ((Number) summary.get("faces")).longValue())
                .count("manifestIdentities", ((Number) summary.get("identities")).longValue());
    }

    private static List<ReviewItem> reviewItems(SparkSession spark, RunContext context) throws IOException {
        Instant now = Instant.now();
        List<ReviewItem> items = new ArrayList<>();
        for (Row r : spark.read().schema(IdentityTables.REVIEW_ITEM)
                .parquet(context.layout().stepOutput(IdentityTables.REVIEW_ITEMS).toString()).collectAsList()) {
            items.add(new ReviewItem(r.getString(0), r.getString(1), r.getString(2),
                    ReviewKind.valueOf(r.getString(3).toUpperCase(Locale.ROOT)), r.getList(4), r.getFloat(5), r.getFloat(6),
                    r.getInt(7), r.getString(8), r.getString(9), r.getList(10), r.getList(11), ReviewStatus.OPEN, now,
                    r.isNullAt(12) ? null : RunJson.MAPPER.readTree(r.getString(12))));
        }
        return items;
    }
}
