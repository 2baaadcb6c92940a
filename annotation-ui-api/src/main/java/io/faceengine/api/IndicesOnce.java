package io.faceengine.api;

import io.faceengine.clustering.registry.DataRootBinding;
import io.faceengine.clustering.registry.DataRootId;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.IndexSetup;
import io.faceengine.clustering.registry.RegistryException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Creates the engine's missing indices on first use, and checks they belong to the API's data root
 * ({@link DataRootBinding}): crops and manifests come from that data root, so the queue must be
 * its own. The API only reads the data root and never binds: until a run binds the indices, every
 * request checks again (one small read each). While Elasticsearch is down, the next request tries
 * again. One request creates the indices at a time; the others answer 503 at once instead of
 * queueing behind it, so a hung Elasticsearch is not waited for once per request.
 */
final class IndicesOnce {
    private final ElasticsearchConnection connection;
    /** Null when the API serves no data root: nothing to check. */
    private final Path dataRoot;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile boolean created;
    private volatile boolean bound;

    IndicesOnce(ElasticsearchConnection connection, Path dataRoot) {
        this.connection = connection;
        this.dataRoot = dataRoot == null ? null : dataRoot.toAbsolutePath().normalize();
        this.bound = dataRoot == null;
    }

    void ensure() {
        if (!created) {
            create();
        }
        // Not under the lock: until a run binds the indices every request reads the owner record,
        // and concurrent requests must not answer 503 for that.
        if (!bound) {
            bound = new DataRootBinding(connection.client(), connection.options())
                    .isBoundTo(dataRootId(), dataRoot.toString());
        }
    }

    private void create() {
        if (!checking.tryLock()) {
            throw new ApiException(503, "elasticsearch_unavailable",
                    "Elasticsearch is not ready yet (its indices are being checked); retry shortly");
        }
        try {
            if (!created) {
                IndexSetup.ensure(connection.client(), connection.options());
                created = true;
            }
        } finally {
            checking.unlock();
        }
    }

    /** The data root's id; null when it has none yet (no run has started there). */
    private DataRootId dataRootId() {
        Path file = dataRoot.resolve(DataRootId.FILE_NAME);
        try {
            return DataRootId.parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.DATA_ROOT_MISMATCH, connection.options().url(),
                    e.getMessage(), e);
        }
    }
}
