package io.faceengine.api;

import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryException;
import io.faceengine.pipeline.config.ConfigLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the review API: {@code --tokens FILE} (required), {@code --config FILE} (the engine's
 * YAML; its elasticsearch section is used), {@code --port N}, {@code --bind ADDRESS},
 * {@code --lease-seconds N}, {@code --threads N}, {@code --data-root DIR} (the engine's local data
 * root; serves its committed manifests), and {@code key=value} overrides as for runs.
 */
public final class ReviewApiMain {

    private ReviewApiMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        Path tokensFile = null;
        int port = 8088;
        String bind = "127.0.0.1";
        long leaseSeconds = 600;
        int threads = 8;
        Path dataRoot = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--tokens" -> tokensFile = Path.of(value(args, ++i, arg));
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--bind" -> bind = value(args, ++i, arg);
                case "--lease-seconds" -> leaseSeconds = Long.parseLong(value(args, ++i, arg));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                case "--data-root" -> dataRoot = Path.of(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--") || !arg.contains("=")) {
                        usage("unknown argument " + arg);
                    }
                    overrides.add(arg);
                }
            }
        }
        if (tokensFile == null) {
            usage("--tokens is required");
        }
        ElasticsearchOptions es = ElasticsearchOptions.fromTree(ConfigLoader.load(config, overrides).elasticsearch());
        ApiOptions options = new ApiOptions(bind, port, Duration.ofSeconds(leaseSeconds), threads, es, dataRoot);
        ReviewApiServer server;
        try {
            server = ReviewApiServer.start(options, ApiTokens.load(tokensFile), Clock.systemUTC());
        } catch (RegistryException e) {
            if (e.reason() != RegistryException.Reason.DATA_ROOT_MISMATCH) {
                throw e;
            }
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("review API on http://" + bind + ":" + server.port() + "/api/ (Elasticsearch " + es.url()
                + ", index prefix " + es.indexPrefix()
                + (dataRoot == null ? "; no data root, manifest endpoints off" : "; manifests of " + dataRoot) + ")");
        System.out.println("review page on http://" + bind + ":" + server.port() + ReviewPage.PATH + "/");
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: --tokens FILE [--config FILE] [--port N] [--bind ADDRESS]"
                + " [--lease-seconds N] [--threads N] [--data-root DIR] [key=value ...]");
        System.exit(2);
    }
}
