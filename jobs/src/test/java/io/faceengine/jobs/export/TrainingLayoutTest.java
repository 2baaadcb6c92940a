package io.faceengine.jobs.export;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLayoutTest {
    private static final String FACE = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:3";

    @Test
    void theEnginesIdentityIdsAreTheirOwnLabels() {
        assertEquals("id-0a1b2c3d4e5f6a7b", TrainingLayout.label("id-0a1b2c3d4e5f6a7b"));
    }

    @Test
    void otherIdsBecomeSafeAndStayDistinct() {
        String odd = TrainingLayout.label("../Jean Chrétien/1");
        assertTrue(odd.matches("[A-Za-z0-9_][A-Za-z0-9._-]*"), odd);
        assertTrue(odd.startsWith("_._Jean_Chr_tien_1-"), odd);
        assertEquals(odd, TrainingLayout.label("../Jean Chrétien/1"), "stable");
        assertNotEquals(TrainingLayout.label("a/b"), TrainingLayout.label("a:b"), "same safe characters, different ids");
        assertTrue(TrainingLayout.label("-rf").startsWith("_rf-"), "never a leading '-'");
        assertTrue(TrainingLayout.label("x".repeat(500)).length() <= 100);
        assertThrows(IllegalArgumentException.class, () -> TrainingLayout.label(""));
    }

    @Test
    void faceFilesAndListLinesHaveTheCommonForm() {
        assertEquals("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef_3.jpg", TrainingLayout.fileName(FACE));
        String path = TrainingLayout.imagePath("id-00ff", FACE);
        assertEquals("images/id-00ff/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef_3.jpg", path);
        assertEquals(path + "\t7\n", TrainingLayout.listLine(path, 7));
        assertThrows(IllegalArgumentException.class, () -> TrainingLayout.listLine("images/a\tb.jpg", 0));
    }

    @Test
    void classIndicesFollowTheLabelsWhateverOrderTheIdentitiesCome() {
        Map<String, Integer> indices = TrainingLayout.classIndices(List.of("id-c", "id-a", "id-b", "id-a"));
        assertEquals(Map.of("id-a", 0, "id-b", 1, "id-c", 2), indices);
        assertEquals(indices, TrainingLayout.classIndices(List.of("id-b", "id-c", "id-a")));
        assertEquals(List.of("id-a", "id-b", "id-c"), List.copyOf(indices.keySet()), "in class order");
    }
}
