package io.faceengine.clustering.graph;

import dev.ludovic.netlib.blas.BLAS;

import java.util.Arrays;

/**
 * Exact cosine kNN: similarities of a block of queries against a block of base rows are one
 * single-precision matrix product, and each query keeps its best k in sorted arrays. Memory beyond
 * the result is one similarity block per thread, never n x n. Cost is O(queries x base x d), so
 * {@link NeighbourIndexes} uses it only up to a size limit.
 *
 * <p>Results are deterministic and independent of the thread count: ranks are by similarity
 * descending, ties by smaller base id.
 */
public final class ExactCosineKnn implements NeighbourIndex {
    public static final int DEFAULT_QUERY_BLOCK = 1024;
    public static final int DEFAULT_BASE_BLOCK = 4096;
    private static final BLAS BLAS_KERNEL = BLAS.getInstance();

    private final VectorSet base;
    private final int threads;
    private final int queryBlock;
    private final int baseBlock;

    /** @param threads worker threads; 0 means one per available processor */
    public ExactCosineKnn(VectorSet base, int threads) {
        this(base, threads, DEFAULT_QUERY_BLOCK, DEFAULT_BASE_BLOCK);
    }

    public ExactCosineKnn(VectorSet base, int threads, int queryBlock, int baseBlock) {
        if (threads < 0 || queryBlock <= 0 || baseBlock <= 0) {
            throw new IllegalArgumentException("threads must be >= 0 and block sizes > 0");
        }
        this.base = base;
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.queryBlock = queryBlock;
        this.baseBlock = baseBlock;
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
        int blockFloats = Math.min(queryBlock, n) * Math.min(baseBlock, Math.max(1, base.size()));
        // Each worker owns one similarity buffer: the only memory beyond the result.
        ParallelChunks.run((n + queryBlock - 1) / queryBlock, threads, "exact-knn", () -> {
            float[] block = new float[blockFloats];
            return b -> searchBlock(queries, b * queryBlock, Math.min(n, (b + 1) * queryBlock), k, skipSelf, block, ids, similarities);
        });
        return new Neighbours(n, k, ids, similarities);
    }

    private void searchBlock(VectorSet queries, int qStart, int qEnd, int k, boolean skipSelf,
                             float[] block, int[] ids, float[] similarities) {
        int d = base.dimension();
        int rows = qEnd - qStart;
        int[] count = new int[rows];
        for (int bStart = 0; bStart < base.size(); bStart += baseBlock) {
            int cols = Math.min(baseBlock, base.size() - bStart);
            // Column-major view: block^T (cols x rows) = base_rows (cols x d) * queries_rows^T (d x rows),
            // so the row-major result has one contiguous row of base similarities per query.
            BLAS_KERNEL.sgemm("T", "N", cols, rows, d, 1f, base.values(), bStart * d, d,
                    queries.values(), qStart * d, d, 0f, block, 0, cols);
            for (int r = 0; r < rows; r++) {
                int q = qStart + r;
                int out = q * k;
                int offset = r * cols;
                int filled = count[r];
                float worst = filled == k ? similarities[out + k - 1] : Float.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) {
                    float s = block[offset + c];
                    // Base ids rise through the scan, so an equal similarity never outranks an earlier id.
                    if (s < worst || (s == worst && filled == k)) {
                        continue;
                    }
                    int id = bStart + c;
                    if (skipSelf && id == q) {
                        continue;
                    }
                    filled = insert(ids, similarities, out, k, filled, id, s);
                    if (filled == k) {
                        worst = similarities[out + k - 1];
                    }
                }
                count[r] = filled;
            }
        }
    }

    /** Inserts into the sorted run [out, out+filled), dropping the last entry when full. */
    private static int insert(int[] ids, float[] similarities, int out, int k, int filled, int id, float s) {
        int pos = Math.min(filled, k - 1);
        while (pos > 0 && similarities[out + pos - 1] < s) {
            pos--;
        }
        int last = Math.min(filled, k - 1);
        System.arraycopy(ids, out + pos, ids, out + pos + 1, last - pos);
        System.arraycopy(similarities, out + pos, similarities, out + pos + 1, last - pos);
        ids[out + pos] = id;
        similarities[out + pos] = s;
        return Math.min(filled + 1, k);
    }
}
