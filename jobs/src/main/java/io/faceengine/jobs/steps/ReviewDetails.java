package io.faceengine.jobs.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.review.ReviewQuestion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code details} of a review item, as JSON: per face its flags and similarity to its cluster
 * (what the review page shows), and per side of the question its cluster, set, identity and faces
 * (what the next run needs to apply the answer to the same faces).
 */
final class ReviewDetails {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Face(String setId, String clusterId, float similarity, List<String> flags) {
    }

    private final Map<String, Face> faces = new HashMap<>();
    private final Map<String, List<String>> facesOfCluster = new HashMap<>();
    private final Map<String, String> setOfCluster = new HashMap<>();
    private final Map<String, String> identityOf;

    ReviewDetails(List<SetClustering> sets, Map<String, String> identityOf) {
        this.identityOf = identityOf;
        for (SetClustering set : sets) {
            for (int i = 0; i < set.faceIds().size(); i++) {
                String cluster = set.clusterIdOfFace().get(i);
                faces.put(set.faceIds().get(i), new Face(set.setId(), cluster, set.centroidSimilarity()[i], set.faceFlags().get(i)));
                facesOfCluster.computeIfAbsent(cluster, k -> new ArrayList<>()).add(set.faceIds().get(i));
                setOfCluster.put(cluster, set.setId());
            }
        }
    }

    String of(ReviewQuestion question) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode faceList = out.putArray("faces");
        ArrayNode subjects = out.putArray("subjects");
        for (String subject : question.subjects()) {
            ObjectNode side = subjects.addObject();
            List<String> members = facesOfCluster.get(subject);
            if (members == null) {
                side.put("identity_id", subject); // a registry identity: no faces in this run
                continue;
            }
            side.put("cluster_id", subject);
            side.put("set_id", setOfCluster.get(subject));
            side.put("identity_id", identityOf.get(subject));
            ArrayNode ids = side.putArray("face_ids");
            for (String face : members) {
                ids.add(face);
                Face f = faces.get(face);
                ObjectNode entry = faceList.addObject();
                entry.put("face_id", face);
                entry.put("cluster_id", subject);
                entry.put("similarity", f.similarity());
                entry.put("flag", f.flags().isEmpty() ? null : f.flags().get(0));
                ArrayNode flags = entry.putArray("flags");
                f.flags().forEach(flags::add);
            }
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the details of review item " + question.itemId(), e);
        }
    }
}
