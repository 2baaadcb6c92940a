package io.faceengine.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {
    /** Five same and five different pairs from each of LFW folds 1 and 2, as {@code fold,a,index,b,index}. */
    private static final String[] PAIRS = {
            "1,Anders_Fogh_Rasmussen,1,Anders_Fogh_Rasmussen,3",
            "1,Anders_Fogh_Rasmussen,1,Anders_Fogh_Rasmussen,4",
            "1,Angela_Bassett,1,Angela_Bassett,5",
            "1,Angela_Bassett,2,Angela_Bassett,5",
            "1,Angela_Bassett,3,Angela_Bassett,4",
            "1,Abdel_Madi_Shabneh,1,Dean_Barker,1",
            "1,Ahmad_Jbarah,1,James_Comey,1",
            "1,Alanis_Morissette,1,Martin_Cauchon,1",
            "1,Alexander_Lukashenko,1,Heather_Chinnock,1",
            "1,Alonzo_Mourning,1,Cecilia_Cheung,1",
            "2,Abdullah_Gul,1,Abdullah_Gul,6",
            "2,Abdullah_Gul,1,Abdullah_Gul,8",
            "2,Abdullah_Gul,7,Abdullah_Gul,14",
            "2,Abdullah_Gul,9,Abdullah_Gul,12",
            "2,Abdullah_Gul,9,Abdullah_Gul,15",
            "2,Al_Sharpton,5,Cole_Chapman,1",
            "2,Alejandro_Lerner,1,Jesper_Parnevik,1",
            "2,Ali_Adbul_Karim_Madani,1,Carey_Lowell,1",
            "2,Alicia_Silverstone,2,Jennifer_Thompson,1",
            "2,Alicia_Silverstone,2,Jonathan_Tiomkin,1",
    };

    @TempDir
    Path dir;

    @Test
    void writesAReportForGenericPairs() throws IOException {
        List<String> csv = new ArrayList<>(List.of("path_a,path_b,same,fold"));
        for (String pair : PAIRS) {
            String[] f = pair.split(",");
            csv.add(image(f[1], f[2]) + "," + image(f[3], f[4]) + "," + (f[1].equals(f[3]) ? 1 : 0) + "," + f[0]);
        }
        Path pairs = Files.write(dir.resolve("pairs.csv"), csv);
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("verify", "--set", CliRun.modelsOverride(), "--pairs", pairs.toString(),
                "--root", CliRun.lfwDev().toString(), "--batch", "8", "--report", report.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(35, json.get("images").asInt(), "distinct images in the 20 pairs");
        assertEquals(1.0, json.get("detectionRate").asDouble(), 1e-9);
        JsonNode verification = json.get("verification");
        assertEquals(20, verification.get("pairs").asInt());
        assertEquals(10, verification.get("samePairs").asInt());
        // Measured 0.95: each fold's threshold comes from the other fold's ten pairs alone, so one miss is
        // expected; the floor only checks that the figure is sane at this size.
        assertTrue(verification.get("meanAccuracy").asDouble() >= 0.8, "mean accuracy " + verification.get("meanAccuracy"));
        assertEquals(2, verification.get("foldAccuracy").size());
        // The report also goes to standard output.
        assertEquals(json, new ObjectMapper().readTree(run.out()));
    }

    @Test
    void badPairsFileFailsWithItsReason() throws IOException {
        Path pairs = Files.write(dir.resolve("pairs.csv"), List.of("left,right,label", "a.jpg,b.jpg,1"));

        CliRun run = CliRun.of("verify", "--set", CliRun.modelsOverride(), "--pairs", pairs.toString(),
                "--root", dir.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("header"), run.err());
        assertFalse(Files.exists(dir.resolve("report.json")));
    }

    private static String image(String person, String index) {
        return String.format("images/%s/%s_%04d.jpg", person, person, Integer.parseInt(index));
    }
}
