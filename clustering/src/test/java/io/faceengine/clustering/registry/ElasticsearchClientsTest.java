package io.faceengine.clustering.registry;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticsearchClientsTest {

    /** A loopback port nothing listens on: bound once by the OS, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableClusterGivesAClearErrorWithItsUrl() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        ElasticsearchOptions options = ElasticsearchOptions.defaults().withUrl(url).withIndexPrefix("unreachable");
        try (ElasticsearchConnection connection = ElasticsearchClients.open(options)) {
            for (Runnable call : List.<Runnable>of(
                    connection::clusterHealth,
                    () -> IndexSetup.ensure(connection.client(), options),
                    () -> connection.identityRegistry().count(),
                    () -> connection.identityRegistry().nearest(new float[192], 1, 0f),
                    () -> connection.reviewQueue().top(1, ReviewQueueFilter.any()))) {
                RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, call::run);
                assertEquals(RegistryException.Reason.UNAVAILABLE, e.reason());
                assertEquals(url, e.url());
                assertTrue(e.getMessage().contains(url) && e.getMessage().contains("unreachable"), e.getMessage());
            }
        }
    }

    @Test
    void theTestServerAnswers() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open()) {
            String health = es.connection.clusterHealth();
            assertTrue(List.of("green", "yellow").contains(health), health);
        }
    }
}
