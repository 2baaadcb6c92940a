package io.faceengine.pipeline.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairsFileTest {
    @TempDir
    Path dir;

    private Path csv(String... lines) throws IOException {
        return Files.write(dir.resolve("pairs.csv"), List.of(lines));
    }

    @Test
    void readsTheLfwLayout() throws IOException {
        Path root = dir.resolve("lfw");
        List<VerificationPair> pairs = PairsFile.read(csv(
                "fold,identity_a,index_a,identity_b,index_b,same",
                "1,Ann_Lee,1,Ann_Lee,12,1",
                "",
                "7,Ann_Lee,3,Bo_Ng,101,0"), root);

        assertEquals(List.of(
                new VerificationPair(root.resolve("images/Ann_Lee/Ann_Lee_0001.jpg"),
                        root.resolve("images/Ann_Lee/Ann_Lee_0012.jpg"), true, 1),
                new VerificationPair(root.resolve("images/Ann_Lee/Ann_Lee_0003.jpg"),
                        root.resolve("images/Bo_Ng/Bo_Ng_0101.jpg"), false, 7)), pairs);
    }

    @Test
    void readsTheGenericLayoutWithFolds() throws IOException {
        List<VerificationPair> pairs = PairsFile.read(csv(
                "path_a,path_b,same,fold",
                "a/1.jpg,a/2.jpg,true,2",
                "a/1.jpg,b/1.jpg,FALSE,5"), dir);

        assertEquals(List.of(
                new VerificationPair(dir.resolve("a/1.jpg"), dir.resolve("a/2.jpg"), true, 2),
                new VerificationPair(dir.resolve("a/1.jpg"), dir.resolve("b/1.jpg"), false, 5)), pairs);
    }

    @Test
    void genericLayoutWithoutFoldsDealsPairsIntoTenFolds() throws IOException {
        String[] lines = new String[13];
        lines[0] = "path_a,path_b,same";
        for (int i = 1; i < lines.length; i++) {
            lines[i] = "x" + i + ".jpg,y" + i + ".jpg," + (i % 2);
        }

        List<VerificationPair> pairs = PairsFile.read(csv(lines), dir);

        assertEquals(12, pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(1 + i % 10, pairs.get(i).fold());
        }
    }

    @Test
    void badHeaderIsRefusedWithTheExpectedLayouts() throws IOException {
        Path file = csv("image_a,image_b,label", "a.jpg,b.jpg,1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairsFile.read(file, dir));
        assertTrue(e.getMessage().contains("header") && e.getMessage().contains("path_a,path_b,same"), e.getMessage());
    }

    @Test
    void badSameValueNamesTheLine() throws IOException {
        Path file = csv("path_a,path_b,same", "a.jpg,b.jpg,1", "a.jpg,c.jpg,yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairsFile.read(file, dir));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'same'")
                && e.getMessage().contains("yes"), e.getMessage());
    }

    @Test
    void wrongFieldCountNamesTheLine() throws IOException {
        Path file = csv("fold,identity_a,index_a,identity_b,index_b,same", "1,Ann_Lee,1,Ann_Lee,1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairsFile.read(file, dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = csv();
        assertThrows(IllegalArgumentException.class, () -> PairsFile.read(file, dir));
    }
}
