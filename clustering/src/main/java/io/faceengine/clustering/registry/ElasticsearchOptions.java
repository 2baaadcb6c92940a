package io.faceengine.clustering.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code elasticsearch} section of the configuration: where the identity registry and the
 * review queue live and how they are searched.
 *
 * @param url              one base URL, or several separated by commas (nodes of one cluster)
 * @param indexPrefix      start of every index name (see {@link RegistryIndex})
 * @param requestTimeout   connect and response timeout of each request
 * @param centroidDims     length of identity centroids, fixed when the identities index is created
 * @param knnNumCandidates candidates gathered per kNN query (raised to k when smaller)
 */
public record ElasticsearchOptions(String url, String indexPrefix, Duration requestTimeout, int centroidDims,
                                   int knnNumCandidates) {
    public static final String DEFAULT_URL = "http://127.0.0.1:9200";
    public static final String DEFAULT_INDEX_PREFIX = "face-engine";

    // Elasticsearch's own index name rules, minus upper case (refused) and leading '.' (hidden).
    private static final Pattern INDEX_PREFIX = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,199}");
    private static final Set<String> KEYS =
            Set.of("url", "indexPrefix", "requestTimeoutSeconds", "centroidDims", "knnNumCandidates");

    public ElasticsearchOptions {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("elasticsearch.url must be set");
        }
        for (String one : urls(url)) {
            URI uri;
            try {
                uri = URI.create(one);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("elasticsearch.url: '" + one + "' is not a URL", e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("elasticsearch.url: '" + one + "' must look like http://host:port");
            }
        }
        if (indexPrefix == null || !INDEX_PREFIX.matcher(indexPrefix).matches()) {
            throw new IllegalArgumentException("elasticsearch.indexPrefix must be lower-case letters, digits, '_', '.', '-'"
                    + " starting with a letter or digit, got '" + indexPrefix + "'");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("elasticsearch.requestTimeoutSeconds must be positive, got " + requestTimeout);
        }
        // 4096 is the largest dense_vector Elasticsearch indexes.
        if (centroidDims < 1 || centroidDims > 4096) {
            throw new IllegalArgumentException("elasticsearch.centroidDims must be in [1, 4096], got " + centroidDims);
        }
        // 10000 is Elasticsearch's limit for num_candidates.
        if (knnNumCandidates < 1 || knnNumCandidates > 10_000) {
            throw new IllegalArgumentException("elasticsearch.knnNumCandidates must be in [1, 10000], got " + knnNumCandidates);
        }
    }

    public static ElasticsearchOptions defaults() {
        return new ElasticsearchOptions(DEFAULT_URL, DEFAULT_INDEX_PREFIX, Duration.ofSeconds(30), 192, 200);
    }

    /** Binds the section over {@link #defaults()}; an unknown key or a wrong type is an error naming it. */
    public static ElasticsearchOptions fromTree(JsonNode section) {
        ElasticsearchOptions d = defaults();
        if (section == null || section.isMissingNode() || section.isNull()) {
            return d;
        }
        if (!section.isObject()) {
            throw new IllegalArgumentException("elasticsearch must be a mapping of keys " + KEYS);
        }
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown key elasticsearch." + name + " (known: " + KEYS + ")");
            }
        }
        String url = text(section, "url", d.url());
        String prefix = text(section, "indexPrefix", d.indexPrefix());
        JsonNode timeout = section.get("requestTimeoutSeconds");
        Duration requestTimeout = d.requestTimeout();
        if (timeout != null) {
            if (!timeout.isNumber()) {
                throw new IllegalArgumentException("elasticsearch.requestTimeoutSeconds must be a number, got " + timeout);
            }
            requestTimeout = Duration.ofMillis(Math.round(timeout.doubleValue() * 1000));
        }
        return new ElasticsearchOptions(url, prefix, requestTimeout, integer(section, "centroidDims", d.centroidDims()),
                integer(section, "knnNumCandidates", d.knnNumCandidates()));
    }

    /** The base URLs, in order. */
    public List<String> urls() {
        return urls(url);
    }

    public ElasticsearchOptions withUrl(String newUrl) {
        return new ElasticsearchOptions(newUrl, indexPrefix, requestTimeout, centroidDims, knnNumCandidates);
    }

    public ElasticsearchOptions withIndexPrefix(String newPrefix) {
        return new ElasticsearchOptions(url, newPrefix, requestTimeout, centroidDims, knnNumCandidates);
    }

    private static List<String> urls(String url) {
        List<String> out = new ArrayList<>();
        for (String part : url.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("elasticsearch.url must name at least one URL");
        }
        return out;
    }

    private static String text(JsonNode section, String key, String fallback) {
        JsonNode node = section.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("elasticsearch." + key + " must be a string, got " + node);
        }
        return node.asText();
    }

    private static int integer(JsonNode section, String key, int fallback) {
        JsonNode node = section.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw new IllegalArgumentException("elasticsearch." + key + " must be an integer, got " + node);
        }
        return node.intValue();
    }
}
