package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.decision.DecidedItems;
import io.faceengine.clustering.decision.HumanDecision;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.stage.DecisionRows;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunRegistryBinding;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.TableCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Snapshots the annotators' decisions into the run's {@code decisions} table: the previous run's
 * snapshot plus every decision made since (read from the decided review items, where the review API
 * writes each decision atomically), less those undone. The cluster step reads only this table, so a
 * restarted run sees the decisions it saw the first time, and decisions made meanwhile go to the next run.
 */
public final class DecisionsStep implements RunStep {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionsStep.class);

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        String runId = context.runId();
        Map<String, Row> snapshot = new TreeMap<>();
        List<String> previous = new TableCatalog(context.layout().dataRoot().toString()).folders(spark, IdentityTables.DECISIONS);
        if (!previous.isEmpty()) {
            for (Row row : spark.read().schema(IdentityTables.DECISION).parquet(previous.get(previous.size() - 1)).collectAsList()) {
                snapshot.put(row.getString(0), row);
            }
        }
        int carried = snapshot.size();
        List<ObjectNode> decided;
        Set<String> undone;
        ElasticsearchOptions es = ElasticsearchOptions.fromTree(context.config().elasticsearch());
        try (ElasticsearchConnection connection = ElasticsearchClients.open(es)) {
            RunRegistryBinding.ensure(context, connection);
            decided = connection.reviewQueue().decidedItems();
            undone = connection.decisionLog().undoneDecisionIds();
        }
        int added = 0;
        int unreadable = 0;
        for (ObjectNode item : decided) {
            HumanDecision decision;
            try {
                decision = DecidedItems.read(item);
            } catch (IllegalArgumentException e) {
                // Left in the queue as it is: one malformed item must not hold back every other decision.
                LOG.warn("skipping decided review item {}: {}", item.path("item_id").asText("?"), e.getMessage());
                unreadable++;
                continue;
            }
            if (!snapshot.containsKey(decision.decisionId())) {
                snapshot.put(decision.decisionId(), DecisionRows.toRow(decision, runId));
                added++;
            }
        }
        int removed = 0;
        for (String id : undone) {
            if (snapshot.remove(id) != null) {
                removed++;
            }
        }
        List<Row> rows = new ArrayList<>(snapshot.values());
        spark.createDataFrame(rows, IdentityTables.DECISION).orderBy(IdentityTables.DECISION_ID).coalesce(1).write()
                .mode("overwrite").parquet(context.layout().stepOutput(IdentityTables.DECISIONS).toString());
        context.stats().count("decisions", rows.size()).count("carriedOver", carried).count("new", added)
                .count("undone", removed).count("unreadable", unreadable);
    }
}
