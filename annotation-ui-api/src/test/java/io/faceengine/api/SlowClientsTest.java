package io.faceengine.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.faceengine.api.ApiTestServer.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Clients that open connections and send their requests slowly, or never finish them, as an
 * attacker with no token can: they must neither block anyone else nor keep their connections.
 */
class SlowClientsTest {
    /** Far more stalled connections than the server has worker threads (4 in tests). */
    static final int STALLED = 40;
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    /** Only so that a server that never answers fails the test instead of hanging it. */
    static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir, null, o -> o, o -> o.withLimits(
                new ServerLimits(Duration.ofSeconds(30), HEADER_TIMEOUT, ServerLimits.defaults().answerTimeout())));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void halfSentRequestsBlockNobodyAndAreDropped() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                Socket socket = new Socket("127.0.0.1", api.server.port());
                socket.getOutputStream().write("GET /api/openapi.js".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            HttpResponse<String> page = api.send(HttpRequest.newBuilder(api.uri("/review/")).timeout(HANG_GUARD).GET().build());
            assertEquals(200, page.statusCode(), "the review page answers while " + STALLED + " requests are half sent");
            HttpResponse<String> openApi = api.send(HttpRequest.newBuilder(api.uri("/api/openapi.json")).timeout(HANG_GUARD)
                    .header("Authorization", "Bearer " + ALICE).GET().build());
            assertEquals(200, openApi.statusCode(), "so does the API");

            for (Socket socket : stalled) {
                assertClosedByServer(socket);
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aRequestWhoseHeadersTrickleInForeverIsDropped() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            // A byte every 200 ms keeps the connection busy, well within the 30 s idle timeout;
            // 300 bytes take a minute, far past twice the header timeout.
            for (int i = 0; i < 300; i++) {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException e) {
                    assertTrue(i > 0, "the server took the first bytes");
                    return; // closed by the server
                }
                Thread.sleep(200);
            }
            fail("the server still read the headers after a minute; header timeout " + HEADER_TIMEOUT);
        }
    }

    /** The server ends the connection (EOF, a reset, or a 408 and then EOF) within the hang guard. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout((int) HANG_GUARD.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an error answer may come first; the connection must end after it
            }
        } catch (SocketTimeoutException e) {
            fail("a half-sent request kept its connection for " + HANG_GUARD);
        } catch (IOException e) {
            // reset by the server: closed
        }
    }
}
