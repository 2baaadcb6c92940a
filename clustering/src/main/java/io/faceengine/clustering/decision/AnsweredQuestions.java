package io.faceengine.clustering.decision;

import io.faceengine.clustering.registry.ReviewKind;
import io.faceengine.pipeline.table.ContentIds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The questions people have answered, so that a run never asks one again in any form: not under
 * the same item id, and not as another kind or reason about the same faces or pair.
 *
 * <ul>
 *   <li>A merge question (are these two the same person) is answered once a person answered a merge
 *       item whose sides name one side each of the new question, whatever the answer (same,
 *       different, or some faces are not faces) and whatever the reason either was asked for. A side
 *       of the new question is named by an answered side when it holds any of that side's faces (the
 *       person saw them all as one side), or when it is the registry identity the answered side was (it
 *       had no faces) or stands for (its faces are in sets the run leaves as they were).</li>
 *   <li>A cluster question (is this one person) is answered when a person answered a cluster item
 *       whose faces, less those the answer took out (removed, split off, not a face), include every
 *       face of the cluster. So the rest of a cluster someone cleaned of non-faces is not asked
 *       again; a cluster holding a face the person was not shown in that item (new photos, or faces
 *       of two answered clusters together) is a new question, and so is a group of removed faces.</li>
 * </ul>
 * An undone decision leaves the snapshot this is built from, so its question may be asked again.
 */
public final class AnsweredQuestions {
    public static final AnsweredQuestions NONE = new AnsweredQuestions(Set.of(), Map.of(), Map.of());

    /**
     * One side of a question as a run would ask it.
     *
     * @param faceIds    the faces the side holds in the run
     * @param identityId the identity the side is or resolved to, if any
     */
    public record Side(Set<String> faceIds, String identityId) {
        public Side {
            faceIds = Set.copyOf(faceIds);
        }

        public static Side ofFaces(Collection<String> faceIds) {
            return new Side(Set.copyOf(faceIds), null);
        }

        private boolean isNamedBy(AnsweredSide answered) {
            return answered.faceIds().stream().anyMatch(faceIds::contains)
                    || identityId != null && answered.identityIds().contains(identityId);
        }
    }

    /**
     * A side of an answered merge item: its faces then, and the registry identities it stands for:
     * the identity it was when it had no faces, or those its faces joined in sets the run does not
     * cluster again.
     */
    private record AnsweredSide(Set<String> faceIds, Set<String> identityIds) {
        static AnsweredSide of(DecisionSubject subject, Map<String, String> identityOfEarlierFace) {
            Set<String> identities = new HashSet<>();
            if (subject.faceIds().isEmpty()) {
                identities.add(subject.identityId());
            }
            subject.faceIds().stream().map(identityOfEarlierFace::get).filter(Objects::nonNull).forEach(identities::add);
            return new AnsweredSide(Set.copyOf(subject.faceIds()), identities);
        }

        /** Keys under which it is found: its faces and identities. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            faceIds.forEach(face -> keys.add(FACE + face));
            identityIds.forEach(identity -> keys.add(IDENTITY + identity));
            return keys;
        }
    }

    private static final String FACE = "f:";
    private static final String IDENTITY = "i:";

    /** Ids of the items people answered: a decided item keeps its id for good. */
    private final Set<String> answeredItemIds;
    /** Per face, the face sets a person answered a cluster question about that hold it. */
    private final Map<String, List<Set<String>>> answeredClustersOfFace;
    /** Per key of an answered side (a face, or an identity), the sides a merge answer paired it with. */
    private final Map<String, List<AnsweredSide>> answeredPartners;

    private AnsweredQuestions(Set<String> answeredItemIds, Map<String, List<Set<String>>> answeredClustersOfFace,
                              Map<String, List<AnsweredSide>> answeredPartners) {
        this.answeredItemIds = answeredItemIds;
        this.answeredClustersOfFace = answeredClustersOfFace;
        this.answeredPartners = answeredPartners;
    }

    public static AnsweredQuestions of(Collection<HumanDecision> decisions) {
        return of(decisions, Map.of());
    }

    /**
     * @param identityOfEarlierFace for faces of sets the run does not cluster, the identity their
     *                              cluster joined: a side asked about as that identity is named by them
     */
    public static AnsweredQuestions of(Collection<HumanDecision> decisions, Map<String, String> identityOfEarlierFace) {
        Set<String> itemIds = new HashSet<>();
        Map<String, List<Set<String>>> clusters = new HashMap<>();
        Map<String, List<AnsweredSide>> partners = new HashMap<>();
        for (HumanDecision d : decisions) {
            itemIds.add(d.itemId());
            if (d.itemKind() == ReviewKind.CLUSTER) {
                for (Set<String> faces : answeredFaceSets(d)) {
                    faces.forEach(face -> clusters.computeIfAbsent(face, k -> new ArrayList<>()).add(faces));
                }
                continue;
            }
            AnsweredSide first = AnsweredSide.of(d.subjects().get(0), identityOfEarlierFace);
            for (DecisionSubject subject : d.subjects().subList(1, d.subjects().size())) {
                AnsweredSide other = AnsweredSide.of(subject, identityOfEarlierFace);
                first.keys().forEach(key -> partners.computeIfAbsent(key, k -> new ArrayList<>()).add(other));
                other.keys().forEach(key -> partners.computeIfAbsent(key, k -> new ArrayList<>()).add(first));
            }
        }
        return new AnsweredQuestions(itemIds, clusters, partners);
    }

    /** Whether a person already answered whether these faces are one person. */
    public boolean clusterAnswered(Collection<String> faceIds) {
        if (faceIds.isEmpty()) {
            return false;
        }
        String any = faceIds.iterator().next();
        return answeredClustersOfFace.getOrDefault(any, List.of()).stream().anyMatch(answered -> answered.containsAll(faceIds));
    }

    /** Whether a person already answered whether these two sides are the same person. */
    public boolean pairAnswered(Side a, Side b) {
        List<String> keys = new ArrayList<>(a.faceIds().size() + 1);
        a.faceIds().forEach(face -> keys.add(FACE + face));
        if (a.identityId() != null) {
            keys.add(IDENTITY + a.identityId());
        }
        for (String key : keys) {
            for (AnsweredSide partner : answeredPartners.getOrDefault(key, List.of())) {
                if (b.isNamedBy(partner)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The id to ask a new question under: its own, unless a person answered an item of that id (a
     * cluster with the same anchor face, now holding faces they were not shown). Then the id is
     * derived from the faces asked about, so the question is asked beside the decided item, which
     * keeps its id and answer, and a restarted run derives the same id.
     */
    public String itemIdFor(String itemId, Collection<String> faceIds) {
        if (!answeredItemIds.contains(itemId)) {
            return itemId;
        }
        String faces = String.join("\n", new TreeSet<>(faceIds));
        return itemId + "~" + ContentIds.sha256Hex(faces.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The faces a cluster answer left together: those a person has seen and answered about as one group. */
    private static List<Set<String>> answeredFaceSets(HumanDecision d) {
        Set<String> all = new TreeSet<>(d.itemFaceIds());
        Set<String> rest = new TreeSet<>(all);
        d.selectedFaceIds().forEach(rest::remove);
        List<Set<String>> out = new ArrayList<>();
        switch (d.kind()) {
            case CONFIRM, NAME, MERGE, REJECT -> out.add(all);
            case REMOVE -> out.add(rest);
            case NOT_A_FACE -> out.add(d.selectedFaceIds().isEmpty() ? Set.of() : rest); // none selected: all left clustering
            case SPLIT -> {
                out.add(rest);
                out.add(new TreeSet<>(d.selectedFaceIds()));
            }
        }
        out.removeIf(Set::isEmpty);
        return out;
    }

}
