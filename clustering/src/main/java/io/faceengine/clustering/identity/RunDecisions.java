package io.faceengine.clustering.identity;

import io.faceengine.clustering.decision.AnsweredQuestions;
import io.faceengine.clustering.decision.HumanLink;

import java.util.List;
import java.util.Objects;

/**
 * What a run brings from human decisions to identity resolution: same/different-person links
 * across sets, the earlier clusters of the sets it clusters again, and the questions people have
 * answered (never asked again).
 */
public record RunDecisions(List<HumanLink> links, List<ReplacedCluster> replaced, AnsweredQuestions answered) {
    public static final RunDecisions NONE = new RunDecisions(List.of(), List.of(), AnsweredQuestions.NONE);

    public RunDecisions {
        links = List.copyOf(links);
        replaced = List.copyOf(replaced);
        Objects.requireNonNull(answered, "answered");
    }

    public RunDecisions(List<HumanLink> links, List<ReplacedCluster> replaced) {
        this(links, replaced, AnsweredQuestions.NONE);
    }
}
