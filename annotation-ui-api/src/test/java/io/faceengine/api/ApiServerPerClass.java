package io.faceengine.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One {@link ApiTestServer} without a data root for all the tests of a class, closed after them. */
abstract class ApiServerPerClass {
    @TempDir
    static Path dir;
    static ApiTestServer api;

    @BeforeAll
    static void startApi() throws Exception {
        api = ApiTestServer.start(dir, null);
    }

    @AfterAll
    static void stopApi() throws Exception {
        api.close();
    }
}
