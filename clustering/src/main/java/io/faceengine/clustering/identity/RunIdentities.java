package io.faceengine.clustering.identity;

import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.review.ReviewQuestion;

import java.util.List;
import java.util.Map;

/**
 * What a run decided about identities.
 *
 * @param identityOfCluster per intra-set cluster id, the identity it resolved to
 * @param resolution        per cluster id: NEW_IDENTITY, JOINED_NEW_IDENTITY (merged with clusters of other sets) or GREW_IDENTITY
 * @param acceptedCluster   per cluster id: accepted automatically (its own score passed and no review question touches it)
 * @param registry          the whole registry after the run, sorted by id (unchanged identities included)
 * @param reviewItems       review questions of this run, highest expected gain first
 * @param subjectsOfItem    per review item id, the face ids its decision concerns
 */
public record RunIdentities(Map<String, String> identityOfCluster, Map<String, String> resolution,
                            Map<String, Boolean> acceptedCluster, List<IdentityRecord> registry,
                            List<ReviewQuestion> reviewItems, Map<String, List<String>> subjectsOfItem,
                            int autoMerges, int newIdentities, int grownIdentities) {
}
