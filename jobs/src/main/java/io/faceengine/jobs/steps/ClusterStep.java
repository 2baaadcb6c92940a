package io.faceengine.jobs.steps;

import io.faceengine.clustering.calibration.CalibrationOptions;
import io.faceengine.clustering.calibration.DedupCalibration;
import io.faceengine.clustering.calibration.DedupCalibrator;
import io.faceengine.clustering.calibration.SetCalibrations;
import io.faceengine.clustering.calibration.SetCalibrator;
import io.faceengine.clustering.calibration.SetEvidence;
import io.faceengine.clustering.calibration.ThresholdSource;
import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.cluster.HardExample;
import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.decision.AnsweredQuestions;
import io.faceengine.clustering.decision.DecisionConstraints;
import io.faceengine.clustering.decision.HumanDecision;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.identity.ReplacedCluster;
import io.faceengine.clustering.identity.RunDecisions;
import io.faceengine.clustering.identity.RunIdentities;
import io.faceengine.clustering.identity.RunIdentityResolver;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityRegistry;
import io.faceengine.clustering.review.ReviewQuestion;
import io.faceengine.clustering.stage.CalibrationStage;
import io.faceengine.clustering.stage.DecisionRows;
import io.faceengine.clustering.stage.IdentityRows;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.clustering.stage.IntraSetClusterStage;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunRegistryBinding;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.training.retrain.AdapterStage;
import io.faceengine.training.retrain.ModelRegistry;
import io.faceengine.training.retrain.PromotedAdapter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * Calibration of the thresholds from the run's own evidence (when enabled; recorded in
 * {@code calibration/calibration.json}), intra-set clustering (one Spark task per set) and cross-set dedup against the identity
 * registry. Writes the run's {@code clusters}, {@code cluster_summaries}, {@code identities}
 * (the whole registry after this run), {@code hard_examples} and {@code review_items} tables.
 * Human decisions (the run's {@code decisions} snapshot) constrain both: a set with new decisions,
 * or with new photos, is clustered again, whole, with the clusters a person fixed kept exactly as decided.
 * When a newly promoted adapter changes the embeddings, every set is clustered again from the
 * stored backbone features (no re-detection) and the registry is rebuilt in the new space; a newly
 * promoted network embeds the stored crops again first ({@link Reembedding}).
 * Reads only committed state, this run's faces and its snapshot, so a restarted step computes the same tables.
 */
public final class ClusterStep implements RunStep {
    private static final String ADAPTER_SEPARATOR = "+";

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        String runId = context.runId();
        ClusteringSettings settings = ClusteringSettings.fromTree(context.config().clustering());
        TableCatalog catalog = new TableCatalog(context.layout().dataRoot().toString());
        List<Row> decisionRows = spark.read().schema(IdentityTables.DECISION)
                .parquet(context.layout().stepOutput(IdentityTables.DECISIONS).toString()).collectAsList();
        List<HumanDecision> decisions = decisionRows.stream().map(DecisionRows::fromRow).toList();
        DecisionConstraints constraints = DecisionConstraints.of(decisions);
        // Sets with decisions new in this run are clustered again, whole, with the faces earlier runs embedded.
        Set<String> reclustered = new TreeSet<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (runId.equals(DecisionRows.snapshotRun(decisionRows.get(i)))) {
                reclustered.addAll(DecisionConstraints.setsOf(decisions.get(i)));
            }
        }
        // The promoted adapter, if any, maps the stored backbone features to the embeddings clustered.
        Optional<PromotedAdapter> adapter = ModelRegistry.promoted(spark.sparkContext().hadoopConfiguration(),
                context.layout().dataRoot().toString());
        String adapterTag = adapter.map(PromotedAdapter::modelTag).orElse(null);
        // A promoted network embeds again, from their stored crops, the faces another embedder made.
        Reembedding reembedding = Reembedding.of(spark, context);
        List<IdentityRecord> previous = latestRegistry(spark, catalog);
        // Centroids made with another adapter or network live in another space: every set is clustered again.
        boolean modelChanged = previous.stream().anyMatch(r -> !Objects.equals(adapterTagOf(r.modelVersion()), adapterTag)
                || reembedding.enabled() && !reembedding.current(embedderOf(r.modelVersion())));
        Dataset<Row> faces = usable(spark.read().parquet(context.layout().stepOutput(StepTables.FACES).toString()),
                adapter, reembedding);
        List<ReplacedCluster> replaced = List.of();
        // With no new face, no new decision and the same model, earlier runs' faces are not read at all.
        boolean newFaces = !faces.isEmpty();
        boolean earlierToRecluster = false;
        List<String> earlierFolders = catalog.folders(spark, StepTables.FACES);
        if (!earlierFolders.isEmpty() && (newFaces || modelChanged || !reclustered.isEmpty())) {
            Dataset<Row> earlierAll = usable(spark.read().parquet(earlierFolders.toArray(String[]::new)), adapter,
                    reembedding);
            Dataset<Row> earlierSets = earlierAll.select(FaceTables.SET_ID).distinct();
            // A set is always clustered whole: new photos in a set clustered before re-cluster all of it.
            if (newFaces || modelChanged) {
                reclustered.addAll((modelChanged ? earlierSets
                        : faces.select(FaceTables.SET_ID).distinct().join(earlierSets, FaceTables.SET_ID))
                        .as(Encoders.STRING()).collectAsList());
            }
            if (!reclustered.isEmpty()) {
                Dataset<Row> earlier = earlierAll.where(col(FaceTables.SET_ID).isin(reclustered.toArray()));
                faces = faces.unionByName(earlier);
                replaced = replacedClusters(spark, catalog, earlier, reclustered);
                earlierToRecluster = true;
            }
        }
        CalibrationOptions calibration = settings.calibration();
        List<SetClustering> sets = new ArrayList<>();
        String backbone = null;
        SetCalibrator.Result calibrated = null;
        if (newFaces || earlierToRecluster) {
            calibrated = calibration.enabled()
                    ? new SetCalibrator(calibration, settings.clustering().threshold())
                            .calibrate(new CalibrationStage(new SetEvidence(calibration, settings.index()), constraints).collect(faces))
                    : null;
            SetCalibrations setCalibrations = calibrated == null ? SetCalibrations.NONE
                    : new SetCalibrations(calibrated.sets(), calibration.acceptPrecision());
            sets.addAll(new IntraSetClusterStage(new SetClusterer(settings, setCalibrations), constraints)
                    .transform(faces).collectAsList());
            sets.sort(Comparator.comparing(SetClustering::setId));
            backbone = faces.select(FaceTables.MODEL_VERSION).distinct().orderBy(FaceTables.MODEL_VERSION)
                    .as(Encoders.STRING()).collectAsList().stream().findFirst().orElse(null);
        }
        String modelVersion = backbone == null || adapterTag == null ? backbone : backbone + ADAPTER_SEPARATOR + adapterTag;

        DedupCalibration dedupCalibration = calibration.enabled()
                ? new DedupCalibrator(calibration, settings.index()).calibrate(
                        sets.stream().flatMap(set -> set.clusters().stream()).toList(), settings.dedup(),
                        settings.dedup().autoMergeThreshold() + settings.uncertainty().nearThresholdBand())
                : null;
        RunIdentityResolver resolver = dedupCalibration == null ? new RunIdentityResolver(settings)
                : new RunIdentityResolver(settings.withDedup(dedupCalibration.apply(settings.dedup())), dedupCalibration.sureMerge());
        // Answers naming faces of sets this run leaves as they were hold against those faces' identities.
        Set<String> clusteredFaces = new HashSet<>();
        sets.forEach(set -> clusteredFaces.addAll(set.faceIds()));
        Map<String, String> earlier = identityOfEarlierFaces(spark, catalog, answeredMergeFaces(decisions, clusteredFaces),
                sets.stream().map(SetClustering::setId).toList());
        RunDecisions decided = new RunDecisions(constraints.links().stream()
                .map(link -> link.againstIdentities(clusteredFaces, earlier)).toList(), replaced,
                AnsweredQuestions.of(decisions, earlier));
        RunIdentities identities;
        if (sets.isEmpty()) {
            identities = resolver.resolve(runId, sets, previous, (q, k, s) -> List.of(), modelVersion, decided);
        } else {
            ElasticsearchOptions es = ElasticsearchOptions.fromTree(context.config().elasticsearch());
            try (ElasticsearchConnection connection = ElasticsearchClients.open(es)) {
                RunRegistryBinding.ensure(context, connection);
                IdentityRegistry registry = connection.identityRegistry();
                if (registry.count() < previous.size()) {
                    // The index lost entries (new server, wiped data): refill it from the committed snapshot.
                    registry.upsertAll(previous);
                }
                identities = resolver.resolve(runId, sets, previous, registry::nearestBatch, modelVersion, decided);
            }
        }
        write(spark, context, sets, identities, modelVersion);
        Map<String, Object> calibrationReport = CalibrationReport.of(calibration, calibrated, dedupCalibration, sets,
                identities.acceptedCluster());
        CalibrationReport.write(spark.sparkContext().hadoopConfiguration(), context.layout(), calibrationReport);
        long faceCount = sets.stream().mapToLong(s -> s.faceIds().size()).sum();
        context.stats().count("faces", faceCount)
                .count("sets", sets.size())
                .count("reclusteredSets", reclustered.size())
                .count("adapterVersion", adapter.map(PromotedAdapter::version).orElse(0))
                .count("networkVersion", reembedding.networkVersion())
                .count("modelChanged", modelChanged ? 1 : 0)
                .count("replacedClusters", replaced.size())
                .count("clusters", sets.stream().mapToLong(s -> s.clusters().size()).sum())
                .count("humanFixedClusters", sets.stream().flatMap(s -> s.clusters().stream())
                        .filter(ClusterSummary::humanDecided).count())
                .count("acceptedClusters", identities.acceptedCluster().values().stream().filter(a -> a).count())
                .count("autoMerges", identities.autoMerges())
                .count("newIdentities", identities.newIdentities())
                .count("grownIdentities", identities.grownIdentities())
                .count("registryIdentities", identities.registry().size())
                .count("reviewItems", identities.reviewItems().size())
                .count("hardExamples", sets.stream().mapToLong(s -> s.hardExamples().size()).sum())
                .count("calibratedSets", calibrated == null ? 0 : calibrated.sets().values().stream()
                        .filter(c -> c.source() != ThresholdSource.CONFIGURED).count())
                .count("configuredThresholdSets", calibrated == null ? sets.size() : calibrated.sets().values().stream()
                        .filter(c -> c.source() == ThresholdSource.CONFIGURED).count());
    }

    /**
     * The embedded, quality-passed faces, with the columns clustering reads: embedded again by the
     * promoted network where another embedder made them, then through the adapter if one is promoted.
     */
    private static Dataset<Row> usable(Dataset<Row> faces, Optional<PromotedAdapter> adapter, Reembedding reembedding) {
        Dataset<Row> usable = reembedding.apply(faces.where(col(FaceTables.QUALITY_PASS).and(col(FaceTables.EMBEDDING).isNotNull())))
                .select(FaceTables.FACE_ID, FaceTables.IMAGE_ID, FaceTables.SET_ID, FaceTables.EMBEDDING, FaceTables.MODEL_VERSION);
        return adapter.isEmpty() ? usable
                : new AdapterStage(adapter.get().adapter(), FaceTables.EMBEDDING, FaceTables.EMBEDDING).transform(usable);
    }

    /** The embedder part of a registry record's model version ({@code <embedder>[+adapter-vN]}), or null. */
    static String embedderOf(String modelVersion) {
        int at = modelVersion == null ? -1 : modelVersion.lastIndexOf(ADAPTER_SEPARATOR);
        return at < 0 ? modelVersion : modelVersion.substring(0, at);
    }

    /** The adapter part of a registry record's model version ({@code <backbone>+adapter-vN}), or null. */
    static String adapterTagOf(String modelVersion) {
        int at = modelVersion == null ? -1 : modelVersion.lastIndexOf(ADAPTER_SEPARATOR);
        String tag = at < 0 ? null : modelVersion.substring(at + ADAPTER_SEPARATOR.length());
        return tag != null && tag.startsWith(PromotedAdapter.TAG_PREFIX) ? tag : null;
    }

    /**
     * The clusters the re-clustered sets had (the latest run that clustered each), with their
     * centroids computed as that run did, so their faces can leave their identities first.
     */
    private static List<ReplacedCluster> replacedClusters(SparkSession spark, TableCatalog catalog, Dataset<Row> earlierFaces,
                                                          Set<String> sets) {
        Dataset<Row> latest = catalog.readLatestPerSet(spark, IdentityTables.CLUSTERS, IdentityTables.SET_ID, null);
        if (latest == null) {
            return List.of();
        }
        List<Row> rows = latest.where(col(IdentityTables.SET_ID).isin(sets.toArray()))
                .select(IdentityTables.FACE_ID, IdentityTables.CLUSTER_ID, IdentityTables.IDENTITY_ID)
                .join(earlierFaces.select(FaceTables.FACE_ID, FaceTables.EMBEDDING), FaceTables.FACE_ID)
                .orderBy(IdentityTables.CLUSTER_ID, IdentityTables.FACE_ID).collectAsList();
        Map<String, List<Row>> byCluster = new TreeMap<>();
        rows.forEach(r -> byCluster.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r));
        List<ReplacedCluster> out = new ArrayList<>();
        for (Map.Entry<String, List<Row>> cluster : byCluster.entrySet()) {
            List<Row> members = cluster.getValue();
            List<float[]> vectors = new ArrayList<>();
            for (Row r : members) {
                List<Float> embedding = r.getList(3);
                float[] v = new float[embedding.size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = embedding.get(j);
                }
                vectors.add(v);
            }
            float[] centroid = SetClusterer.centroids(VectorSet.of(vectors), new int[members.size()])[0];
            out.add(new ReplacedCluster(cluster.getKey(), members.get(0).getString(2), centroid,
                    members.stream().map(r -> r.getString(0)).toList()));
        }
        return out;
    }

    /** The faces of the sides of answered merge questions (links name their anchors) that this run does not cluster. */
    private static Set<String> answeredMergeFaces(List<HumanDecision> decisions, Set<String> clusteredFaces) {
        Set<String> faces = new TreeSet<>();
        decisions.stream().flatMap(d -> d.subjects().stream()).forEach(subject -> faces.addAll(subject.faceIds()));
        faces.removeAll(clusteredFaces);
        return faces;
    }

    /** The identity each face's latest cluster joined, for faces of sets other than {@code clusteredSets}. */
    private static Map<String, String> identityOfEarlierFaces(SparkSession spark, TableCatalog catalog, Set<String> faces,
                                                              List<String> clusteredSets) {
        Dataset<Row> latest = faces.isEmpty() ? null
                : catalog.readLatestPerSet(spark, IdentityTables.CLUSTERS, IdentityTables.SET_ID, null);
        if (latest == null) {
            return Map.of();
        }
        Dataset<Row> wanted = spark.createDataset(new ArrayList<>(faces), Encoders.STRING()).toDF(IdentityTables.FACE_ID);
        Map<String, String> out = new HashMap<>();
        for (Row r : latest.where(not(col(IdentityTables.SET_ID).isin(clusteredSets.toArray())))
                .select(IdentityTables.FACE_ID, IdentityTables.IDENTITY_ID).join(wanted, IdentityTables.FACE_ID).collectAsList()) {
            if (!r.isNullAt(1)) {
                out.put(r.getString(0), r.getString(1));
            }
        }
        return out;
    }

    /** The registry as the latest committed run left it (empty before the first run). */
    static List<IdentityRecord> latestRegistry(SparkSession spark, TableCatalog catalog) {
        List<String> folders = catalog.folders(spark, IdentityTables.IDENTITIES);
        if (folders.isEmpty()) {
            return List.of();
        }
        // Sorted on the driver, which receives every row anyway: no shuffle for a sort.
        return spark.read().schema(IdentityTables.IDENTITY).parquet(folders.get(folders.size() - 1))
                .collectAsList().stream().map(IdentityRows::fromRow)
                .sorted(Comparator.comparing(IdentityRecord::identityId)).toList();
    }

    private static void write(SparkSession spark, RunContext context, List<SetClustering> sets, RunIdentities identities,
                              String modelVersion) {
        String runId = context.runId();
        Map<String, String> identityOf = identities.identityOfCluster();
        List<Row> faceRows = new ArrayList<>();
        List<Row> summaryRows = new ArrayList<>();
        List<Row> hardRows = new ArrayList<>();
        Map<String, String> setOfCluster = new HashMap<>();
        for (SetClustering set : sets) {
            for (int i = 0; i < set.faceIds().size(); i++) {
                String clusterId = set.clusterIdOfFace().get(i);
                faceRows.add(RowFactory.create(set.faceIds().get(i), set.imageIds().get(i), set.setId(), clusterId,
                        identityOf.get(clusterId), set.centroidSimilarity()[i], set.faceFlags().get(i).toArray(String[]::new),
                        identities.acceptedCluster().get(clusterId), runId, modelVersion));
            }
            for (ClusterSummary c : set.clusters()) {
                setOfCluster.put(c.clusterId(), c.setId());
                summaryRows.add(RowFactory.create(c.clusterId(), c.setId(), c.size(), c.anchorFaceId(), c.uncertainty(),
                        c.reasons().toArray(String[]::new), identities.acceptedCluster().get(c.clusterId()),
                        identityOf.get(c.clusterId()), identities.resolution().get(c.clusterId()), runId, c.decisionId(), c.name()));
            }
            for (HardExample h : set.hardExamples()) {
                hardRows.add(RowFactory.create(h.kind().name(), h.faceA(), h.faceB(), h.similarity(), set.setId(), runId));
            }
        }
        List<Row> identityRows = identities.registry().stream().map(IdentityRows::toRow).toList();
        ReviewDetails details = new ReviewDetails(sets, identityOf);
        List<Row> reviewRows = new ArrayList<>();
        for (ReviewQuestion q : identities.reviewItems()) {
            String first = q.subjects().get(0);
            List<String> others = q.subjects().subList(1, q.subjects().size()).stream()
                    .map(s -> identityOf.getOrDefault(s, s)).distinct().toList();
            reviewRows.add(RowFactory.create(q.itemId(), runId, setOfCluster.getOrDefault(first, ""), q.kind().name().toLowerCase(Locale.ROOT),
                    q.reasons().toArray(String[]::new), (float) q.priority(), (float) q.wrongProbability(), q.faces(), first,
                    identityOf.get(first), others.toArray(String[]::new),
                    identities.subjectsOfItem().get(q.itemId()).toArray(String[]::new), details.of(q)));
        }
        save(spark, context, IdentityTables.CLUSTERS, faceRows, IdentityTables.FACE_CLUSTERS);
        save(spark, context, IdentityTables.CLUSTER_SUMMARIES, summaryRows, IdentityTables.CLUSTER_SUMMARY);
        save(spark, context, IdentityTables.IDENTITIES, identityRows, IdentityTables.IDENTITY);
        save(spark, context, IdentityTables.HARD_EXAMPLES, hardRows, IdentityTables.HARD_EXAMPLE);
        save(spark, context, IdentityTables.REVIEW_ITEMS, reviewRows, IdentityTables.REVIEW_ITEM);
    }

    private static void save(SparkSession spark, RunContext context, String table, List<Row> rows, StructType schema) {
        // Sorted by the key column so a recomputed table is the same file content, not just the same rows.
        // The rows are on the driver already: sorting them there spares Spark a sampling job and a shuffle.
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(r -> r.isNullAt(0) ? null : r.get(0).toString(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        spark.createDataFrame(sorted, schema).write().mode("overwrite").parquet(context.layout().stepOutput(table).toString());
    }
}
