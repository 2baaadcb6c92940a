package io.faceengine.clustering.graph;

import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.NullProgressListener;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Approximate cosine kNN over a hierarchical navigable small-world graph, for base sets too large
 * for the exact O(n²) search. Distance is 1 − dot product of the unit rows; the rows are read in
 * place from the {@link VectorSet}, not copied.
 *
 * <p>Determinism: the graph is <em>not</em> reproducible (the library draws node levels from a
 * thread-local random source and parallel insertion order varies), so which neighbours are found
 * can differ slightly between builds. What is stable: each returned similarity is the exact dot
 * product of the two rows, entries are ranked by similarity then smaller id, a query never lists
 * itself in {@link #selfNeighbours}, and a given built index answers the same query the same way.
 */
public final class HnswNeighbourIndex implements NeighbourIndex {
    private static final int QUERY_CHUNK = 256;

    private final VectorSet base;
    private final HnswParameters parameters;
    private final int threads;
    private final HnswIndex<Integer, RowVector, Row, Float> index;

    /** Builds the graph with {@code threads} inserting threads (0 = one per available processor). */
    public HnswNeighbourIndex(VectorSet base, HnswParameters parameters, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.base = base;
        this.parameters = parameters;
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.index = HnswIndex.<RowVector, Float>newBuilder(base.dimension(), new DotDistance(base.dimension()),
                        Math.max(1, base.size()))
                .withM(parameters.m())
                .withEfConstruction(parameters.efConstruction())
                .withEf(parameters.ef())
                .build();
        List<Row> rows = new ArrayList<>(base.size());
        for (int i = 0; i < base.size(); i++) {
            rows.add(new Row(i, new RowVector(base.values(), i * base.dimension(), base.dimension())));
        }
        try {
            index.addAll(rows, this.threads, NullProgressListener.INSTANCE, Integer.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("building the neighbour graph was interrupted", e);
        }
    }

    public HnswParameters parameters() {
        return parameters;
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public Neighbours nearest(VectorSet queries, int k) {
        return search(queries, k, false);
    }

    @Override
    public Neighbours selfNeighbours(int k) {
        return search(base, k, true);
    }

    private Neighbours search(VectorSet queries, int k, boolean skipSelf) {
        NeighbourIndex.requireSearchable(base, queries, k);
        int n = queries.size();
        int[] ids = new int[Math.multiplyExact(n, k)];
        float[] similarities = new float[ids.length];
        Arrays.fill(ids, -1);
        Arrays.fill(similarities, Float.NaN);
        ParallelChunks.run((n + QUERY_CHUNK - 1) / QUERY_CHUNK, threads, "hnsw-search", () -> chunk -> {
            for (int q = chunk * QUERY_CHUNK; q < Math.min(n, (chunk + 1) * QUERY_CHUNK); q++) {
                searchOne(queries, q, k, skipSelf, ids, similarities);
            }
        });
        return new Neighbours(n, k, ids, similarities);
    }

    private void searchOne(VectorSet queries, int q, int k, boolean skipSelf, int[] ids, float[] similarities) {
        int d = queries.dimension();
        RowVector query = new RowVector(queries.values(), q * d, d);
        // One extra candidate so that dropping the query itself still leaves k.
        List<SearchResult<Row, Float>> found = index.findNearest(query, skipSelf ? k + 1 : k);
        int[] candidateIds = new int[found.size()];
        float[] candidateSims = new float[found.size()];
        int count = 0;
        for (SearchResult<Row, Float> result : found) {
            int id = result.item().id();
            if (skipSelf && id == q) {
                continue;
            }
            candidateIds[count] = id;
            candidateSims[count++] = DotDistance.dot(queries.values(), q * d, base.values(), id * d, d);
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int bySimilarity = Float.compare(candidateSims[y], candidateSims[x]);
            return bySimilarity != 0 ? bySimilarity : Integer.compare(candidateIds[x], candidateIds[y]);
        });
        for (int r = 0; r < Math.min(k, count); r++) {
            ids[q * k + r] = candidateIds[order[r]];
            similarities[q * k + r] = candidateSims[order[r]];
        }
    }

    /** A row of a vector set, by reference into its backing array. */
    record RowVector(float[] values, int offset, int dimension) {
    }

    record Row(Integer id, RowVector vector) implements Item<Integer, RowVector> {
        @Override
        public int dimensions() {
            return vector.dimension();
        }
    }

    /** 1 − dot product; unit rows make this the cosine distance. */
    static final class DotDistance implements DistanceFunction<RowVector, Float> {
        private static final long serialVersionUID = 1L;
        private static final BLAS JAVA_BLAS = JavaBLAS.getInstance();
        private final int dimension;

        DotDistance(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public Float distance(RowVector u, RowVector v) {
            return 1f - dot(u.values(), u.offset(), v.values(), v.offset(), dimension);
        }

        /**
         * A single dot product is far too small for native BLAS (call overhead dominates), so this uses the
         * pure-Java kernel, which is vectorised when the JVM runs with the incubating vector module.
         */
        static float dot(float[] a, int oa, float[] b, int ob, int d) {
            return JAVA_BLAS.sdot(d, a, oa, 1, b, ob, 1);
        }
    }
}
