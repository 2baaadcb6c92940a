package io.faceengine.clustering.identity;

import io.faceengine.clustering.decision.HumanLink;

import java.util.List;

/**
 * What a run brings from human decisions to identity resolution: same/different-person links
 * across sets, and the earlier clusters of the sets it clusters again.
 */
public record RunDecisions(List<HumanLink> links, List<ReplacedCluster> replaced) {
    public static final RunDecisions NONE = new RunDecisions(List.of(), List.of());

    public RunDecisions {
        links = List.copyOf(links);
        replaced = List.copyOf(replaced);
    }
}
