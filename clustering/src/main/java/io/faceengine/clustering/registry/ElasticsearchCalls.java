package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import org.elasticsearch.client.ResponseException;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the client's exceptions into {@link RegistryException}s, and writes in bulk. Public so the
 * review API reports Elasticsearch failures the same way.
 */
public final class ElasticsearchCalls {
    /** Operations per bulk request: a few MB with 192-d centroids. */
    static final int BULK_CHUNK = 1000;

    public interface Call<T> {
        T run() throws IOException;
    }

    private ElasticsearchCalls() {
    }

    public static <T> T call(ElasticsearchOptions options, String what, Call<T> call) {
        try {
            return call.run();
        } catch (ElasticsearchException e) {
            ErrorCause error = e.error();
            String type = error == null ? null : error.type();
            if ("index_not_found_exception".equals(type)) {
                throw new RegistryException(RegistryException.Reason.INDEX_MISSING, options.url(),
                        what + ": " + e.getMessage() + " at " + options.url() + "; IndexSetup.ensure creates the indices", e);
            }
            throw new RegistryException(RegistryException.Reason.REJECTED, options.url(),
                    what + " was refused by Elasticsearch at " + options.url() + ": " + e.getMessage(), e);
        } catch (ResponseException e) {
            // The server answered with an error status the client did not parse (e.g. a 409 version
            // conflict): a refusal, not an unreachable cluster.
            throw new RegistryException(RegistryException.Reason.REJECTED, options.url(),
                    what + " was refused by Elasticsearch at " + options.url() + ": HTTP "
                            + e.getResponse().getStatusLine().getStatusCode(), e);
        } catch (IOException e) {
            throw new RegistryUnavailableException(options.url(), what, e);
        }
    }

    /** Whether Elasticsearch refused a write as a conflict (409); it reaches us parsed or as a raw response. */
    public static boolean isConflict(RegistryException e) {
        if (e.getCause() instanceof ElasticsearchException es) {
            return es.status() == 409;
        }
        return e.getCause() instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 409;
    }

    /**
     * Sends the operations in chunks. Only the last chunk waits for a refresh: the indices have one
     * shard (conf/elasticsearch), so that refresh makes every earlier chunk searchable too.
     */
    static void bulk(ElasticsearchClient client, ElasticsearchOptions options, String what, List<BulkOperation> operations) {
        for (int start = 0; start < operations.size(); start += BULK_CHUNK) {
            int end = Math.min(operations.size(), start + BULK_CHUNK);
            List<BulkOperation> chunk = operations.subList(start, end);
            Refresh refresh = end == operations.size() ? Refresh.WaitFor : Refresh.False;
            BulkResponse response = call(options, what, () -> client.bulk(b -> b.operations(chunk).refresh(refresh)));
            if (response.errors()) {
                long failed = response.items().stream().filter(item -> item.error() != null).count();
                BulkResponseItem first = response.items().stream().filter(item -> item.error() != null).findFirst().orElseThrow();
                throw new RegistryException(RegistryException.Reason.PARTIAL_FAILURE, options.url(),
                        what + ": " + failed + " of " + chunk.size() + " documents failed at " + options.url()
                                + "; first: id " + first.id() + " in " + first.index() + ": " + first.error().type()
                                + ": " + first.error().reason(), null);
            }
        }
    }

    /**
     * Sends conditional operations (create, or writes with if_seq_no) in chunks, all waiting for a
     * refresh. A version conflict (409: the document changed or appeared since it was read) is not a
     * failure: the ids that met one are returned, for the caller to read again; any other error is.
     */
    static Set<String> bulkConditional(ElasticsearchClient client, ElasticsearchOptions options, String what,
                                       List<BulkOperation> operations) {
        Set<String> conflicts = new LinkedHashSet<>();
        for (int start = 0; start < operations.size(); start += BULK_CHUNK) {
            List<BulkOperation> chunk = operations.subList(start, Math.min(operations.size(), start + BULK_CHUNK));
            BulkResponse response = call(options, what, () -> client.bulk(b -> b.operations(chunk).refresh(Refresh.WaitFor)));
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    continue;
                }
                if (item.status() != 409) {
                    throw new RegistryException(RegistryException.Reason.PARTIAL_FAILURE, options.url(), what + ": id "
                            + item.id() + " in " + item.index() + ": " + item.error().type() + ": " + item.error().reason(), null);
                }
                conflicts.add(item.id());
            }
        }
        return conflicts;
    }
}
