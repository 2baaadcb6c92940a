package io.faceengine.clustering.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Union-find that refuses a union when it would put two cannot-link items in one set. Each root
 * keeps the cannot-link groups and explicit "apart" partners of its whole set, so a chain of merges
 * (a~b, b~c) can never join a and c when they were declared different. Used for intra-set merging
 * and for cross-set dedup against the identity registry alike.
 */
public final class ConstrainedUnionFind {
    private final int[] parent;
    private final int[] rank;
    private final List<Set<Integer>> groupsOfRoot;
    private final List<Set<Integer>> apartFromRoot;

    public ConstrainedUnionFind(CannotLink cannotLink) {
        int n = cannotLink.items();
        parent = new int[n];
        rank = new int[n];
        groupsOfRoot = new ArrayList<>(n);
        apartFromRoot = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            int group = cannotLink.group()[i];
            groupsOfRoot.add(group < 0 ? new HashSet<>() : new HashSet<>(Set.of(group)));
            apartFromRoot.add(new HashSet<>());
        }
        for (int[] pair : cannotLink.explicitPairs()) {
            if (pair[0] == pair[1]) {
                throw new IllegalArgumentException("item " + pair[0] + " cannot be apart from itself");
            }
            apartFromRoot.get(pair[0]).add(pair[1]);
            apartFromRoot.get(pair[1]).add(pair[0]);
        }
    }

    public int size() {
        return parent.length;
    }

    public int find(int item) {
        int root = item;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[item] != root) {
            int next = parent[item];
            parent[item] = root;
            item = next;
        }
        return root;
    }

    /** True when a and b are in one set, or could be joined without breaking a constraint. */
    public boolean canUnion(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return true;
        }
        Set<Integer> smallGroups = groupsOfRoot.get(ra).size() <= groupsOfRoot.get(rb).size() ? groupsOfRoot.get(ra) : groupsOfRoot.get(rb);
        Set<Integer> largeGroups = smallGroups == groupsOfRoot.get(ra) ? groupsOfRoot.get(rb) : groupsOfRoot.get(ra);
        for (Integer group : smallGroups) {
            if (largeGroups.contains(group)) {
                return false;
            }
        }
        return !pointsInto(apartFromRoot.get(ra), rb) && !pointsInto(apartFromRoot.get(rb), ra);
    }

    /** Joins the sets of a and b unless that breaks a constraint; returns whether they are now one set. */
    public boolean union(int a, int b) {
        if (!canUnion(a, b)) {
            return false;
        }
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return true;
        }
        if (rank[ra] < rank[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        if (rank[ra] == rank[rb]) {
            rank[ra]++;
        }
        groupsOfRoot.get(ra).addAll(groupsOfRoot.get(rb));
        apartFromRoot.get(ra).addAll(apartFromRoot.get(rb));
        groupsOfRoot.set(rb, Set.of());
        apartFromRoot.set(rb, Set.of());
        return true;
    }

    /** Labels 0..m-1 numbered by each set's smallest item. */
    public int[] labels() {
        int n = parent.length;
        int[] labels = new int[n];
        Map<Integer, Integer> labelOfRoot = new HashMap<>();
        for (int i = 0; i < n; i++) {
            labels[i] = labelOfRoot.computeIfAbsent(find(i), r -> labelOfRoot.size());
        }
        return labels;
    }

    private boolean pointsInto(Set<Integer> apartItems, int root) {
        for (Integer item : apartItems) {
            if (find(item) == root) {
                return true;
            }
        }
        return false;
    }
}
