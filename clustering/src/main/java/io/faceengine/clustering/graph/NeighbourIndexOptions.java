package io.faceengine.clustering.graph;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/**
 * How {@link NeighbourIndexes} builds an index: exact search up to {@code exactMaxSize} base rows,
 * the approximate graph above it.
 *
 * @param exactMaxSize largest base searched exactly (exact cost grows with the square of the size)
 * @param threads      worker threads for building and searching; 0 = one per available processor
 * @param hnsw         parameters of the approximate index
 */
public record NeighbourIndexOptions(int exactMaxSize, int threads, HnswParameters hnsw) implements java.io.Serializable {
    public static final NeighbourIndexOptions DEFAULTS = new NeighbourIndexOptions(300_000, 0, HnswParameters.DEFAULTS);

    private static final Set<String> KEYS = Set.of("exactMaxSize", "threads", "hnsw");
    private static final Set<String> HNSW_KEYS = Set.of("m", "efConstruction", "ef");

    public NeighbourIndexOptions {
        if (exactMaxSize < 0 || threads < 0 || hnsw == null) {
            throw new IllegalArgumentException("exactMaxSize and threads must be >= 0 and hnsw given");
        }
    }

    public NeighbourIndexOptions withExactMaxSize(int value) {
        return new NeighbourIndexOptions(value, threads, hnsw);
    }

    public NeighbourIndexOptions withThreads(int value) {
        return new NeighbourIndexOptions(exactMaxSize, value, hnsw);
    }

    public NeighbourIndexOptions withHnsw(HnswParameters value) {
        return new NeighbourIndexOptions(exactMaxSize, threads, value);
    }

    /**
     * Reads a section such as {@code {exactMaxSize: 50000, threads: 0, hnsw: {m: 16, efConstruction: 200, ef: 100}}}.
     * Absent keys keep their defaults; unknown keys and non-integer values are refused, naming the key,
     * because a misspelt knob would otherwise be silently ignored.
     */
    public static NeighbourIndexOptions fromTree(JsonNode section) {
        if (section == null || section.isNull() || section.isMissingNode()) {
            return DEFAULTS;
        }
        requireObject(section, "neighbour index", KEYS);
        HnswParameters hnsw = DEFAULTS.hnsw();
        JsonNode hnswNode = section.get("hnsw");
        if (hnswNode != null && !hnswNode.isNull()) {
            requireObject(hnswNode, "hnsw", HNSW_KEYS);
            hnsw = new HnswParameters(
                    intOr(hnswNode, "m", "hnsw.m", hnsw.m()),
                    intOr(hnswNode, "efConstruction", "hnsw.efConstruction", hnsw.efConstruction()),
                    intOr(hnswNode, "ef", "hnsw.ef", hnsw.ef()));
        }
        return new NeighbourIndexOptions(
                intOr(section, "exactMaxSize", "exactMaxSize", DEFAULTS.exactMaxSize()),
                intOr(section, "threads", "threads", DEFAULTS.threads()),
                hnsw);
    }

    private static void requireObject(JsonNode node, String what, Set<String> known) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("invalid " + what + " configuration: expected a mapping, got " + node.getNodeType());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("invalid " + what + " configuration: unknown key '" + name + "'; known: " + known);
            }
        }
    }

    private static int intOr(JsonNode node, String key, String path, int fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("invalid neighbour index configuration: '" + path + "' must be an integer, got " + value);
        }
        return value.intValue();
    }
}
