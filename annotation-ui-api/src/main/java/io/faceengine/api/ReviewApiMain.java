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
 * root; serves its committed manifests), {@code --max-claims N} and {@code --max-hold-seconds N}
 * (see {@link ClaimRules}), {@code --idle-timeout-seconds N}, {@code --header-timeout-seconds N} and
 * {@code --answer-timeout-seconds N} (see {@link ServerLimits}), and {@code key=value} overrides as for runs.
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
        ServerLimits defaults = ServerLimits.defaults();
        long idleSeconds = defaults.idleTimeout().toSeconds();
        long headerSeconds = defaults.headerTimeout().toSeconds();
        long answerSeconds = defaults.answerTimeout().toSeconds();
        Integer maxClaims = null;
        Long maxHoldSeconds = null;
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
                case "--max-claims" -> maxClaims = Integer.parseInt(value(args, ++i, arg));
                case "--max-hold-seconds" -> maxHoldSeconds = Long.parseLong(value(args, ++i, arg));
                case "--idle-timeout-seconds" -> idleSeconds = Long.parseLong(value(args, ++i, arg));
                case "--header-timeout-seconds" -> headerSeconds = Long.parseLong(value(args, ++i, arg));
                case "--answer-timeout-seconds" -> answerSeconds = Long.parseLong(value(args, ++i, arg));
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
        Duration lease = Duration.ofSeconds(leaseSeconds);
        ClaimRules claimDefaults = ClaimRules.defaults(lease);
        ClaimRules claims = new ClaimRules(maxClaims == null ? claimDefaults.maxOpenClaims() : maxClaims,
                maxHoldSeconds == null ? claimDefaults.maxHold() : Duration.ofSeconds(maxHoldSeconds));
        ServerLimits limits = new ServerLimits(Duration.ofSeconds(idleSeconds), Duration.ofSeconds(headerSeconds),
                Duration.ofSeconds(answerSeconds));
        ApiOptions options = new ApiOptions(bind, port, lease, threads, es, dataRoot, limits, claims);
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
                + " [--lease-seconds N] [--threads N] [--data-root DIR] [--max-claims N] [--max-hold-seconds N]"
                + " [--idle-timeout-seconds N] [--header-timeout-seconds N] [--answer-timeout-seconds N] [key=value ...]");
        System.exit(2);
    }
}
