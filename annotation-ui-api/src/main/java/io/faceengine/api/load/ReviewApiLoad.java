package io.faceengine.api.load;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.api.ApiOptions;
import io.faceengine.api.ApiTokens;
import io.faceengine.api.ReviewApiServer;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.IndexSetup;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.ReviewItem;
import io.faceengine.clustering.registry.ReviewKind;
import io.faceengine.clustering.registry.ReviewStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load test of the review API on loopback: seeds a synthetic run's review items under
 * a fresh index prefix, serves the real API in-process on an ephemeral port, and lets concurrent
 * annotators list, claim and confirm items until the queue is empty or a time or request limit
 * is hit. Prints a JSON report (latency per endpoint, throughput, conflicts, errors) and checks
 * that the decisions the API accepted are exactly the decisions stored and the items marked
 * decided. Exit code 1 when that check fails. Its indices are deleted by name at the end.
 *
 * <p>Options: {@code --es-url URL}, {@code --items N} (2000), {@code --annotators A} (8),
 * {@code --server-threads N} (A), {@code --list-limit N} (20), {@code --max-seconds S} (300),
 * {@code --max-requests N} (200000), {@code --seed N} (1), {@code --contend true} (every annotator tries
 * the top of the listing first, so claims collide; default false: each starts at its own offset).
 */
public final class ReviewApiLoad {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Endpoint {
        LIST("GET /api/review-items"), CLAIM("POST /api/review-items/{id}/claim"),
        DECISION("POST /api/review-items/{id}/decision");

        final String route;

        Endpoint(String route) {
            this.route = route;
        }
    }

    /** What one annotator thread measured; merged at the end. */
    static final class Tally {
        final Map<Endpoint, List<Long>> nanos = new EnumMap<>(Endpoint.class);
        final Map<String, Long> errors = new HashMap<>();
        final List<String> accepted = new ArrayList<>();
        long requests, claimConflicts, decisionConflicts;

        Tally() {
            for (Endpoint e : Endpoint.values()) {
                nanos.put(e, new ArrayList<>());
            }
        }

        void error(Endpoint e, String what) {
            errors.merge(e.name().toLowerCase(Locale.ROOT) + " " + what, 1L, Long::sum);
        }
    }

    private ReviewApiLoad() {
    }

    public static void main(String[] args) throws Exception {
        String esUrl = ElasticsearchOptions.DEFAULT_URL;
        int items = 2000, annotators = 8, listLimit = 20;
        Integer serverThreads = null;
        long maxSeconds = 300, maxRequests = 200_000, seed = 1;
        boolean contend = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage(arg + " needs a value");
            }
            i++;
            switch (arg) {
                case "--es-url" -> esUrl = value;
                case "--items" -> items = Integer.parseInt(value);
                case "--annotators" -> annotators = Integer.parseInt(value);
                case "--server-threads" -> serverThreads = Integer.parseInt(value);
                case "--list-limit" -> listLimit = Integer.parseInt(value);
                case "--max-seconds" -> maxSeconds = Long.parseLong(value);
                case "--max-requests" -> maxRequests = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--contend" -> contend = Boolean.parseBoolean(value);
                default -> usage("unknown argument " + arg);
            }
        }
        if (items < 1 || annotators < 1 || listLimit < 1 || listLimit > 500 || maxSeconds < 1 || maxRequests < 1) {
            usage("items, annotators, max-seconds and max-requests must be positive; list-limit in [1, 500]");
        }
        String prefix = "load-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT);
        ElasticsearchOptions es = ElasticsearchOptions.defaults().withUrl(esUrl).withIndexPrefix(prefix);
        int exit;
        try (ElasticsearchConnection connection = ElasticsearchClients.open(es)) {
            try {
                exit = run(connection, es, items, annotators, serverThreads == null ? annotators : serverThreads,
                        listLimit, maxSeconds, maxRequests, seed, contend);
            } finally {
                // Explicit names: wildcard deletes are refused.
                List<String> names = Arrays.stream(RegistryIndex.values()).map(i -> i.indexName(es)).toList();
                connection.client().indices().delete(d -> d.index(names).ignoreUnavailable(true));
            }
        }
        System.exit(exit);
    }

    private static int run(ElasticsearchConnection connection, ElasticsearchOptions es, int itemCount, int annotators,
                           int serverThreads, int listLimit, long maxSeconds, long maxRequests, long seed,
                           boolean contend) throws Exception {
        connection.clusterHealth();
        IndexSetup.ensure(connection.client(), es);
        String run = "load-run-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(seed);
        List<ReviewItem> seeded = new ArrayList<>(itemCount);
        for (int i = 0; i < itemCount; i++) {
            String id = String.format(Locale.ROOT, "%s-%06d", run, i);
            int size = 2 + random.nextInt(9);
            List<String> faces = new ArrayList<>(size);
            for (int f = 1; f <= size; f++) {
                faces.add(id + "-f" + f);
            }
            seeded.add(new ReviewItem(id, run, "set-" + (i % 10), ReviewKind.CLUSTER, List.of("low_margin"),
                    random.nextFloat(), 0.5f, size, "c-" + i, null, List.of(), faces, ReviewStatus.OPEN,
                    Instant.now(), null));
        }
        long seedStart = System.nanoTime();
        connection.reviewQueue().replaceRunItems(run, seeded);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        Path tokensFile = Files.createTempFile("review-load-tokens", ".yaml");
        List<String> tokens = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        for (int a = 0; a < annotators; a++) {
            String token = UUID.randomUUID().toString();
            tokens.add(token);
            yaml.append(ApiTokens.sha256Hex(token)).append(": {name: annotator-").append(a).append(", role: annotator}\n");
        }
        Files.writeString(tokensFile, yaml);
        ApiTokens apiTokens;
        try {
            apiTokens = ApiTokens.load(tokensFile);
        } finally {
            Files.deleteIfExists(tokensFile);
        }

        ObjectNode report = JSON.createObjectNode();
        List<Tally> tallies = new ArrayList<>();
        double seconds;
        try (ReviewApiServer server = ReviewApiServer.start(
                new ApiOptions("127.0.0.1", 0, Duration.ofMinutes(10), serverThreads, es), apiTokens, Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            AtomicLong requests = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            Set<String> stopReasons = ConcurrentHashMap.newKeySet();
            for (int a = 0; a < annotators; a++) {
                Tally tally = new Tally();
                tallies.add(tally);
                int index = contend ? 0 : a;
                String token = tokens.get(a);
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        stopReasons.add(annotate(http, base, run, token, index, listLimit, tally, requests, maxRequests, deadline));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "annotator-" + a);
                threads.add(t);
                t.start();
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            report.putPOJO("stopReasons", stopReasons);
        }

        // Merge what the annotators measured.
        Map<Endpoint, List<Long>> nanos = new EnumMap<>(Endpoint.class);
        Map<String, Long> errors = new HashMap<>();
        List<String> accepted = new ArrayList<>();
        long requestCount = 0, claimConflicts = 0, decisionConflicts = 0;
        for (Tally t : tallies) {
            t.nanos.forEach((e, list) -> nanos.computeIfAbsent(e, k -> new ArrayList<>()).addAll(list));
            t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            accepted.addAll(t.accepted);
            requestCount += t.requests;
            claimConflicts += t.claimConflicts;
            decisionConflicts += t.decisionConflicts;
        }

        // What Elasticsearch holds now.
        connection.client().indices().refresh(r -> r.index(RegistryIndex.REVIEW_ITEMS.indexName(es),
                RegistryIndex.DECISIONS.indexName(es)));
        List<String> storedDecisionItems = decisionItemIds(connection, RegistryIndex.DECISIONS.indexName(es), run);
        long decidedItems = connection.client().count(c -> c.index(RegistryIndex.REVIEW_ITEMS.indexName(es))
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("run_id").value(run)))
                        .filter(f -> f.term(t -> t.field("status").value("decided")))))).count();
        Set<String> acceptedSet = new HashSet<>(accepted);
        Set<String> storedSet = new HashSet<>(storedDecisionItems);
        boolean noDuplicateAccepted = acceptedSet.size() == accepted.size();
        boolean noDuplicateStored = storedSet.size() == storedDecisionItems.size();
        boolean ok = noDuplicateAccepted && noDuplicateStored && acceptedSet.equals(storedSet)
                && decidedItems == accepted.size() && storedDecisionItems.size() == accepted.size();

        long totalErrors = errors.values().stream().mapToLong(Long::longValue).sum();
        report.put("annotators", annotators);
        report.put("serverThreads", serverThreads);
        report.put("items", itemCount);
        report.put("listLimit", listLimit);
        report.put("contend", contend);
        report.put("seedSeconds", round(seedSeconds));
        report.put("durationSeconds", round(seconds));
        report.put("requests", requestCount);
        report.put("decisionsAccepted", accepted.size());
        report.put("decisionsPerSecond", round(accepted.size() / seconds));
        report.put("requestsPerSecond", round(requestCount / seconds));
        report.put("claimConflicts", claimConflicts);
        report.put("decisionConflicts", decisionConflicts);
        report.put("errors", totalErrors);
        report.putPOJO("errorsByKind", errors);
        ObjectNode latency = report.putObject("latencyMs");
        for (Endpoint e : Endpoint.values()) {
            long[] sorted = nanos.getOrDefault(e, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
            ObjectNode node = latency.putObject(e.route);
            node.put("count", sorted.length);
            node.put("p50", percentileMs(sorted, 0.50));
            node.put("p95", percentileMs(sorted, 0.95));
            node.put("p99", percentileMs(sorted, 0.99));
            node.put("max", sorted.length == 0 ? 0 : round(sorted[sorted.length - 1] / 1e6));
        }
        ObjectNode check = report.putObject("consistency");
        check.put("decisionsAccepted", accepted.size());
        check.put("decisionsStored", storedDecisionItems.size());
        check.put("itemsMarkedDecided", decidedItems);
        check.put("acceptedEqualsStoredItems", acceptedSet.equals(storedSet));
        check.put("noItemDecidedTwice", noDuplicateAccepted && noDuplicateStored);
        check.put("itemsLeftOpen", itemCount - decidedItems);
        check.put("ok", ok);
        System.out.println(JSON.writeValueAsString(report));
        return ok ? 0 : 1;
    }

    /** One annotator: list, claim the first free item (409: the next), confirm it; until empty or a limit. */
    private static String annotate(HttpClient http, String base, String run, String token, int index, int listLimit,
                                   Tally tally, AtomicLong requests, long maxRequests, long deadline) {
        while (true) {
            if (System.nanoTime() > deadline) {
                return "time_limit";
            }
            if (requests.get() >= maxRequests) {
                return "request_limit";
            }
            Result list = send(http, tally, requests, Endpoint.LIST,
                    HttpRequest.newBuilder(URI.create(base + "/api/review-items?run=" + run + "&limit=" + listLimit)).GET(), token);
            if (list == null || list.status != 200) {
                continue;
            }
            JsonNode page = list.body.path("items");
            if (page.isEmpty()) {
                return "queue_empty";
            }
            // Annotators start at different places in the listing, as people picking from a list would.
            int n = page.size();
            for (int k = 0; k < n; k++) {
                JsonNode item = page.get((index + k) % n);
                String id = item.path("item_id").asText();
                Result claim = send(http, tally, requests, Endpoint.CLAIM,
                        HttpRequest.newBuilder(URI.create(base + "/api/review-items/" + id + "/claim"))
                                .POST(HttpRequest.BodyPublishers.noBody()), token);
                if (claim == null) {
                    continue;
                }
                if (claim.status == 409) {
                    tally.claimConflicts++;
                    continue;
                }
                if (claim.status != 200) {
                    continue;
                }
                String body = "{\"kind\":\"confirm\",\"seqNo\":" + claim.body.path("seq_no").asLong()
                        + ",\"primaryTerm\":" + claim.body.path("primary_term").asLong() + "}";
                Result decision = send(http, tally, requests, Endpoint.DECISION,
                        HttpRequest.newBuilder(URI.create(base + "/api/review-items/" + id + "/decision"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
                if (decision != null && decision.status == 201) {
                    tally.accepted.add(id);
                } else if (decision != null && decision.status == 409) {
                    tally.decisionConflicts++;
                }
                break;
            }
        }
    }

    private record Result(int status, JsonNode body) {
    }

    /** Sends and times one request; non-2xx other than 409, and transport failures, count as errors. */
    private static Result send(HttpClient http, Tally tally, AtomicLong requests, Endpoint endpoint,
                               HttpRequest.Builder request, String token) {
        requests.incrementAndGet();
        tally.requests++;
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            tally.nanos.get(endpoint).add(System.nanoTime() - start);
            tally.error(endpoint, e.getClass().getSimpleName());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        tally.nanos.get(endpoint).add(System.nanoTime() - start);
        int status = response.statusCode();
        if ((status < 200 || status >= 300) && status != 409) {
            tally.error(endpoint, "http_" + status);
        }
        try {
            return new Result(status, JSON.readTree(response.body()));
        } catch (IOException e) {
            tally.error(endpoint, "unparsable_body");
            return null;
        }
    }

    /** The item id of every stored decision of the run, paged by decision id. */
    private static List<String> decisionItemIds(ElasticsearchConnection connection, String index, String run)
            throws IOException {
        List<String> out = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<ObjectNode> page = connection.client().search(s -> {
                s.index(index).size(1000).query(q -> q.term(t -> t.field("run_id").value(run)))
                        .sort(o -> o.field(f -> f.field("decision_id").order(SortOrder.Asc)))
                        .source(src -> src.filter(f -> f.includes("item_id")));
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
            }, ObjectNode.class);
            List<Hit<ObjectNode>> hits = page.hits().hits();
            hits.forEach(h -> out.add(h.source().path("item_id").asText()));
            if (hits.size() < 1000) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    private static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return round(sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: [--es-url URL] [--items N] [--annotators A] [--server-threads N]"
                + " [--list-limit N] [--max-seconds S] [--max-requests N] [--seed N] [--contend true|false]");
        System.exit(2);
    }
}
