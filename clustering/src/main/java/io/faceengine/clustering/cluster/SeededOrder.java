package io.faceengine.clustering.cluster;

import java.util.SplittableRandom;

/**
 * Visiting orders for the algorithms that move items one at a time: a seeded shuffle, so the
 * order varies between rounds (no item is always first) yet a run is reproducible.
 */
final class SeededOrder {
    private SeededOrder() {
    }

    /** 0..n-1 in order. */
    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Fisher-Yates shuffle in place. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
