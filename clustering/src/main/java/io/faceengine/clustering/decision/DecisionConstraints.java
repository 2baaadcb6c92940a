package io.faceengine.clustering.decision;

import io.faceengine.clustering.registry.ReviewKind;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Human decisions turned into constraints for re-clustering: per set the fixed clusters and the
 * faces that are not faces, and across sets the same/different-person links. Decisions apply in
 * the order they were made, so where two answers cover the same face the later one holds.
 *
 * <ul>
 *   <li>confirm, name (and merge on a cluster question): the item's faces are one fixed cluster;</li>
 *   <li>remove: the faces not selected are one fixed cluster; the selected ones are free again
 *       (and, the group being fixed, can never rejoin it);</li>
 *   <li>split: the selected faces and the rest are two fixed clusters;</li>
 *   <li>not_a_face: the selected faces, or all of the item's when none is selected, leave clustering;</li>
 *   <li>on a merge question, confirm/merge and reject link the two sides as the same or different people.</li>
 * </ul>
 */
public final class DecisionConstraints implements Serializable {
    private final Map<String, SetConstraints> bySet;
    private final List<HumanLink> links;

    private DecisionConstraints(Map<String, SetConstraints> bySet, List<HumanLink> links) {
        this.bySet = bySet;
        this.links = links;
    }

    public static DecisionConstraints none() {
        return new DecisionConstraints(Map.of(), List.of());
    }

    public static DecisionConstraints of(List<HumanDecision> decisions) {
        return new Builder().apply(decisions).build();
    }

    public SetConstraints forSet(String setId) {
        return bySet.getOrDefault(setId, SetConstraints.NONE);
    }

    /** The sets some constraint names, sorted. */
    public Set<String> sets() {
        return new TreeSet<>(bySet.keySet());
    }

    public List<HumanLink> links() {
        return links;
    }

    /** The sets a decision concerns: the item's set and, for a merge question, the sets of its sides. */
    public static Set<String> setsOf(HumanDecision decision) {
        Set<String> sets = new TreeSet<>();
        if (decision.setId() != null && !decision.setId().isEmpty()) {
            sets.add(decision.setId());
        }
        for (DecisionSubject subject : decision.subjects()) {
            if (subject.setId() != null && !subject.setId().isEmpty() && !subject.faceIds().isEmpty()) {
                sets.add(subject.setId());
            }
        }
        return sets;
    }

    /** Faces move between groups as later decisions arrive; a group is kept per set. */
    private static final class Builder {
        private final Map<String, MutableGroup> groupOfFace = new HashMap<>();
        private final Map<String, String> setOfFace = new HashMap<>();
        private final Set<String> notFaces = new TreeSet<>();
        private final Map<String, HumanLink> links = new LinkedHashMap<>();

        private static final class MutableGroup {
            final String setId;
            final String decisionId;
            final String name;
            final Set<String> faces = new TreeSet<>();

            MutableGroup(String setId, String decisionId, String name) {
                this.setId = setId;
                this.decisionId = decisionId;
                this.name = name;
            }
        }

        Builder apply(List<HumanDecision> decisions) {
            List<HumanDecision> ordered = new ArrayList<>(decisions);
            ordered.sort(Comparator.comparing(HumanDecision::decidedAt).thenComparing(HumanDecision::decisionId));
            for (HumanDecision d : ordered) {
                if (d.itemKind() == ReviewKind.CLUSTER) {
                    applyToCluster(d);
                } else {
                    applyToMerge(d);
                }
            }
            return this;
        }

        private void applyToCluster(HumanDecision d) {
            List<String> all = d.itemFaceIds();
            List<String> selected = d.selectedFaceIds();
            List<String> rest = all.stream().filter(f -> !selected.contains(f)).toList();
            switch (d.kind()) {
                case CONFIRM, MERGE -> fix(d, all, null);
                case NAME -> fix(d, all, d.name());
                case REMOVE -> {
                    fix(d, rest, null);
                    selected.forEach(this::release);
                }
                case SPLIT -> {
                    fix(d, rest, null);
                    fix(d, selected, null);
                }
                case NOT_A_FACE -> (selected.isEmpty() ? all : selected).forEach(f -> notAFace(d.setId(), f));
                case REJECT -> {
                    // Not an answer to a cluster question (the API refuses it); nothing to apply.
                }
            }
        }

        private void applyToMerge(HumanDecision d) {
            DecisionSubject first = d.subjects().get(0);
            if (d.kind() == DecisionKind.NOT_A_FACE) {
                for (DecisionSubject subject : d.subjects()) {
                    subject.faceIds().stream().filter(d.selectedFaceIds()::contains).forEach(f -> notAFace(subject.setId(), f));
                }
                return;
            }
            boolean same = d.kind() == DecisionKind.CONFIRM || d.kind() == DecisionKind.MERGE;
            if ((!same && d.kind() != DecisionKind.REJECT) || first.anchorFace() == null) {
                return;
            }
            for (DecisionSubject other : d.subjects().subList(1, d.subjects().size())) {
                HumanLink link = other.anchorFace() != null
                        ? new HumanLink(first.anchorFace(), other.anchorFace(), null, same, d.decisionId())
                        : new HumanLink(first.anchorFace(), null, other.identityId(), same, d.decisionId());
                links.remove(link.key()); // re-inserted last: the latest answer about a pair holds
                links.put(link.key(), link);
            }
        }

        /** The faces become one group; a group without a name keeps the name all of them had. */
        private void fix(HumanDecision d, List<String> faces, String name) {
            if (faces.isEmpty()) {
                return;
            }
            String inherited = name;
            if (inherited == null) {
                MutableGroup previous = groupOfFace.get(faces.get(0));
                if (previous != null && previous.name != null && faces.stream().allMatch(f -> groupOfFace.get(f) == previous)) {
                    inherited = previous.name;
                }
            }
            MutableGroup group = new MutableGroup(d.setId(), d.decisionId(), inherited);
            for (String face : faces) {
                release(face);
                group.faces.add(face);
                groupOfFace.put(face, group);
                setOfFace.put(face, d.setId());
            }
        }

        private void release(String face) {
            MutableGroup group = groupOfFace.remove(face);
            if (group != null) {
                group.faces.remove(face);
            }
            notFaces.remove(face);
        }

        private void notAFace(String setId, String face) {
            release(face);
            notFaces.add(face);
            setOfFace.put(face, setId);
        }

        DecisionConstraints build() {
            Map<String, List<FixedGroup>> groups = new TreeMap<>();
            groupOfFace.values().stream().distinct()
                    .filter(g -> !g.faces.isEmpty())
                    .map(g -> Map.entry(g.setId, new FixedGroup(new ArrayList<>(g.faces), g.decisionId, g.name)))
                    .sorted(Comparator.comparing((Map.Entry<String, FixedGroup> e) -> e.getValue().faceIds().get(0)))
                    .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, Set<String>> excluded = new TreeMap<>();
            for (String face : notFaces) {
                excluded.computeIfAbsent(setOfFace.get(face), k -> new TreeSet<>()).add(face);
            }
            Map<String, SetConstraints> bySet = new TreeMap<>();
            Set<String> sets = new TreeSet<>(groups.keySet());
            sets.addAll(excluded.keySet());
            for (String set : sets) {
                bySet.put(set, new SetConstraints(groups.getOrDefault(set, List.of()), excluded.getOrDefault(set, Set.of())));
            }
            return new DecisionConstraints(bySet, List.copyOf(links.values()));
        }
    }
}
