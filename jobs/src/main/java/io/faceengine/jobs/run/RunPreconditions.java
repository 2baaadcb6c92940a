package io.faceengine.jobs.run;

import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryUnavailableException;
import io.faceengine.pipeline.config.FaceEngineConfig;

import java.io.IOException;

/**
 * What a run needs from outside before it does any model work, checked when it starts or restarts:
 * a missing piece then fails the command in seconds instead of at the decisions step, minutes later.
 */
public final class RunPreconditions {
    private RunPreconditions() {
    }

    /**
     * @param runId the run starting or restarting
     * @throws IllegalStateException naming what is missing: runs the committed-runs pointer lost, or
     *                               the Elasticsearch URL that does not answer
     * @throws io.faceengine.clustering.registry.RegistryException when the indices belong to another data root
     */
    public static void check(FaceEngineConfig config, String dataRoot, String runId) throws IOException {
        new CommittedRuns(dataRoot, HadoopConfigs.current()).requireComplete(runId);
        // One connection for both checks: the registry binding is read on the server just found healthy.
        try (ElasticsearchConnection connection = ElasticsearchClients.open(ElasticsearchOptions.fromTree(config.elasticsearch()))) {
            requireElasticsearch(connection);
            RunRegistryBinding.check(dataRoot, HadoopConfigs.current(), connection);
        }
    }

    /** The decisions and publish steps read and write the review queue and the identity registry. */
    static void requireElasticsearch(ElasticsearchConnection connection) {
        try {
            connection.clusterHealth();
        } catch (RegistryUnavailableException e) {
            throw new IllegalStateException("the run needs Elasticsearch for the review queue and the identity registry, "
                    + "and did not start: " + e.getMessage(), e);
        }
    }
}
