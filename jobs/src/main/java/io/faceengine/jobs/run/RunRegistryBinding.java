package io.faceengine.jobs.run;

import io.faceengine.clustering.registry.DataRootBinding;
import io.faceengine.clustering.registry.DataRootId;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.IndexSetup;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A run's data root and its Elasticsearch indices ({@link DataRootBinding}): checked when the run
 * starts, before any model work, and bound by the first step that uses the indices.
 */
public final class RunRegistryBinding {
    private static final Logger LOG = LoggerFactory.getLogger(RunRegistryBinding.class);

    private RunRegistryBinding() {
    }

    /**
     * Refuses indices another data root owns (a {@link io.faceengine.clustering.registry.RegistryException}
     * naming both); creates the data root's id if it has none, but nothing in Elasticsearch.
     */
    public static DataRootBinding.Claim check(String dataRoot, Configuration conf, ElasticsearchConnection connection)
            throws IOException {
        ElasticsearchOptions es = connection.options();
        DataRootBinding binding = new DataRootBinding(connection.client(), es);
        DataRootBinding.Claim claim = binding.check(DataRootIds.obtain(dataRoot, conf), dataRoot,
                new CommittedRuns(dataRoot, conf).committedRunIds());
        String boundAt = claim == DataRootBinding.Claim.BOUND ? binding.ownerLocation() : null;
        if (boundAt != null && !boundAt.equals(dataRoot)) {
            LOG.warn("indices {}-* were bound to this data root's id at {}; it is now at {}. Fine if it moved; if it is"
                    + " a copy that should be separate, delete its {} and give it its own elasticsearch.indexPrefix",
                    es.indexPrefix(), boundAt, dataRoot, DataRootId.FILE_NAME);
        }
        return claim;
    }

    /** Creates the missing indices and binds them to the run's data root, or refuses them; before a step uses them. */
    public static void ensure(RunContext context, ElasticsearchConnection connection) throws IOException {
        ElasticsearchOptions es = connection.options();
        IndexSetup.ensure(connection.client(), es);
        String dataRoot = context.parameters().dataRoot();
        DataRootBinding.Claim before = new DataRootBinding(connection.client(), es).bind(
                DataRootIds.obtain(dataRoot, context.hadoopConf()), dataRoot,
                new CommittedRuns(dataRoot, context.hadoopConf()).committedRunIds());
        if (before == DataRootBinding.Claim.OWN_UNBOUND_RUNS) {
            LOG.warn("indices {}-* at {} had no owner but hold this data root's runs: claimed them for {}",
                    es.indexPrefix(), es.url(), dataRoot);
        } else if (before == DataRootBinding.Claim.EMPTY) {
            LOG.info("indices {}-* at {} bound to data root {}", es.indexPrefix(), es.url(), dataRoot);
        }
    }
}
