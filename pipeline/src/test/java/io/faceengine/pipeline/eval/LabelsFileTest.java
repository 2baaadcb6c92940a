package io.faceengine.pipeline.eval;

import io.faceengine.pipeline.eval.LabelsFile.Kind;
import io.faceengine.pipeline.eval.LabelsFile.Label;
import io.faceengine.pipeline.face.FaceBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsFileTest {
    @TempDir
    Path dir;

    private Path csv(String... lines) throws IOException {
        return Files.write(dir.resolve("labels.csv"), List.of(lines));
    }

    private String key(String relative) {
        return dir.resolve(relative).toAbsolutePath().normalize().toString();
    }

    @Test
    void aPhotoHeaderLabelsPhotos() throws IOException {
        LabelsFile.Labels labels = LabelsFile.read(csv("path,identity,set", "a/1.jpg,Ann,set-0", "", "b/2.jpg, Bo ,"), dir);

        assertEquals(Kind.PHOTO, labels.kind());
        assertEquals(List.of(new Label(key("a/1.jpg"), "Ann", "set-0", null, 2), new Label(key("b/2.jpg"), "Bo", "", null, 4)),
                labels.rows());
    }

    @Test
    void aPhotoHeaderWithoutSetsLeavesTheSetEmpty() throws IOException {
        LabelsFile.Labels labels = LabelsFile.read(csv("\uFEFFpath,identity", "1.jpg,Ann"), dir);

        assertEquals(Kind.PHOTO, labels.kind());
        assertEquals(List.of(new Label(key("1.jpg"), "Ann", "", null, 2)), labels.rows());
    }

    @Test
    void aBoxHeaderLabelsFaceBoxesAndAPhotoMayHoldSeveral() throws IOException {
        LabelsFile.Labels labels = LabelsFile.read(csv("path,identity,x,y,w,h,set",
                "group.jpg,Ann,10,20,30,40,set-1",
                "group.jpg,Bo,100.5,20,30,40,set-1",
                "solo.jpg,Ann,0,0,5,5,set-2"), dir);

        assertEquals(Kind.BOX, labels.kind());
        assertEquals(new FaceBox(10, 20, 40, 60), labels.rows().get(0).box());
        assertEquals(new FaceBox(100.5f, 20, 130.5f, 60), labels.rows().get(1).box());
        assertEquals(List.of("Ann", "Bo"), labels.byPath().get(key("group.jpg")).stream().map(Label::identity).toList());
        assertEquals(3, labels.size());
    }

    @Test
    void aBoxHeaderWithoutSets() throws IOException {
        LabelsFile.Labels labels = LabelsFile.read(csv("path,identity,x,y,w,h", "1.jpg,Ann,1,2,3,4"), dir);
        assertEquals(new Label(key("1.jpg"), "Ann", "", new FaceBox(1, 2, 4, 6), 2), labels.rows().get(0));
    }

    @Test
    void anyOtherHeaderIsRefusedOnLineOne() throws IOException {
        for (String header : List.of("path,person", "identity,path", "path,identity,x,y,w", "path,identity,x,y,w,h,set,extra",
                "path,identity,set,x,y,w,h", "")) {
            Path file = csv(header, "1.jpg,Ann");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelsFile.read(file, dir), header);
            assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("path,identity,x,y,w,h[,set]"),
                    e.getMessage());
        }
    }

    @Test
    void malformedRowsNameTheirLineAndReason() throws IOException {
        assertRefused(csv("path,identity,set", "1.jpg,Ann,set-0", "2.jpg,Bo"), "line 3", "has 2 fields, the header has 3");
        assertRefused(csv("path,identity", "1.jpg,Ann,Lee"), "line 2", "cannot contain commas");
        assertRefused(csv("path,identity", "1.jpg,"), "line 2", "needs a path and an identity");
        assertRefused(csv("path,identity", "1.jpg,Ann", "2.jpg,Bo", "1.jpg,Cy"), "line 4", "already labelled on line 2");
        assertRefused(csv("path,identity,x,y,w,h", "1.jpg,Ann,1,2,left,4"), "line 2", "w is 'left', not a number");
        assertRefused(csv("path,identity,x,y,w,h", "1.jpg,Ann,1,2,3,NaN"), "line 2", "not a finite number");
        assertRefused(csv("path,identity,x,y,w,h", "1.jpg,Ann,1,2,0,4"), "line 2", "width and height must be positive");
        assertRefused(csv("path,identity,x,y,w,h", "1.jpg,Ann,1,2,3,4", "1.jpg,Ann,50,2,3,4"), "line 3",
                "Ann is already labelled in 1.jpg on line 2");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        assertRefused(csv(), "is empty", "path,identity[,set]");
    }

    private void assertRefused(Path file, String where, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelsFile.read(file, dir));
        assertTrue(e.getMessage().contains(where) && e.getMessage().contains(why), e.getMessage());
    }
}
