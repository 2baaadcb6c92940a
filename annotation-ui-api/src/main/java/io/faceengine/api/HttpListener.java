package io.faceengine.api;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;

/**
 * The HTTP side of the API, on Jetty: requests are read by its selectors without holding a thread,
 * so a slow or stalled client costs a socket, not a worker; a connection idle for the idle timeout,
 * or still sending its request's headers after the header timeout, is closed. Handlers run on
 * Jetty's pool, apart from accepting and reading.
 */
final class HttpListener implements AutoCloseable {
    /** Handler threads; most wait on {@link RequestWorkers}, each at most the answer timeout. */
    private static final int MAX_THREADS = 200;
    private static final int REQUEST_HEADER_BYTES = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;

    HttpListener(String bindAddress, int port, ServerLimits limits, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("review-api");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        // The routes split the raw path themselves and check every segment; Jetty's own refusal of
        // encoded separators would answer outside the API's JSON error format.
        http.setUriCompliance(UriCompliance.UNSAFE);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new HeaderDeadline(connector.getScheduler(), limits.headerTimeout()));
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
    }

    void start() throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly", e);
        }
    }
}
