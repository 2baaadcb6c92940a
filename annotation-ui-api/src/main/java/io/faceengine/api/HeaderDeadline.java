package io.faceengine.api;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Closes a connection whose request line and headers are still incomplete at two checks in a
 * row, one timeout apart, with no request finished between them. The idle timeout alone does not
 * stop a client that sends a byte now and then; this does, within twice the timeout.
 */
final class HeaderDeadline implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final Scheduler scheduler;
    private final Duration timeout;

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            scheduler.schedule(() -> check(http, -1, false), timeout);
        }
    }

    private void check(HttpConnection http, long requestsBefore, boolean partialBefore) {
        if (!http.getEndPoint().isOpen()) {
            return;
        }
        HttpParser parser = http.getParser();
        boolean partial = !parser.isStart() && parser.inHeaderState();
        long requests = http.getMessagesIn();
        if (partial && partialBefore && requests == requestsBefore) {
            LOG.info("closing a connection from {}: its request headers took longer than {}",
                    http.getEndPoint().getRemoteSocketAddress(), timeout);
            http.getEndPoint().close();
            return;
        }
        scheduler.schedule(() -> check(http, requests, partial), timeout);
    }
}
