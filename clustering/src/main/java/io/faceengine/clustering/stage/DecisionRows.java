package io.faceengine.clustering.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.clustering.decision.DecisionKind;
import io.faceengine.clustering.decision.DecisionSubject;
import io.faceengine.clustering.decision.HumanDecision;
import io.faceengine.clustering.registry.ReviewKind;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@link HumanDecision} ⇄ a row of the {@link IdentityTables#DECISION} table. */
public final class DecisionRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Subject>> SUBJECTS = new TypeReference<>() {
    };

    /** The JSON form of a subject in the table. */
    private record Subject(String clusterId, String setId, String identityId, List<String> faceIds) {
    }

    private DecisionRows() {
    }

    public static Row toRow(HumanDecision d, String snapshotRun) {
        List<Subject> subjects = d.subjects().stream()
                .map(s -> new Subject(s.clusterId(), s.setId(), s.identityId(), s.faceIds())).toList();
        try {
            return RowFactory.create(d.decisionId(), d.itemId(), d.itemRunId(), d.setId(),
                    d.itemKind().name().toLowerCase(Locale.ROOT), d.kind().text(), d.itemFaceIds().toArray(String[]::new),
                    d.selectedFaceIds().toArray(String[]::new), d.name(), JSON.writeValueAsString(subjects), d.annotator(),
                    d.decidedAt().toString(), snapshotRun);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the subjects of decision " + d.decisionId(), e);
        }
    }

    public static HumanDecision fromRow(Row r) {
        try {
            List<DecisionSubject> subjects = JSON.readValue(r.getString(9), SUBJECTS).stream()
                    .map(s -> new DecisionSubject(s.clusterId(), s.setId(), s.identityId(), s.faceIds())).toList();
            return new HumanDecision(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                    ReviewKind.valueOf(r.getString(4).toUpperCase(Locale.ROOT)), DecisionKind.fromText(r.getString(5)),
                    r.getList(6), r.getList(7), r.getString(8), subjects, r.getString(10), Instant.parse(r.getString(11)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("decision " + r.getString(0) + " has unreadable subjects", e);
        }
    }

    /** The run that first took the decision into its snapshot. */
    public static String snapshotRun(Row r) {
        return r.getString(12);
    }
}
