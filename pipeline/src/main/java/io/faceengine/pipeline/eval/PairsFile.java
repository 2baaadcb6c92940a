package io.faceengine.pipeline.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads labelled verification pairs from CSV, in one of two layouts told apart by the header:
 * <ul>
 *   <li>LFW style: {@code fold,identity_a,index_a,identity_b,index_b,same}; image paths are
 *       {@code <root>/images/<identity>/<identity>_NNNN.jpg}.</li>
 *   <li>Generic: {@code path_a,path_b,same[,fold]}; paths relative to the root. Without a fold
 *       column pairs are dealt into 10 folds in file order; keep a person's pairs in one fold
 *       yourself if you want identity-disjoint folds.</li>
 * </ul>
 * {@code same} is 1/0 or true/false.
 */
public final class PairsFile {
    private static final int DEFAULT_FOLDS = 10;

    private PairsFile() {
    }

    public static List<VerificationPair> read(Path csv, Path root) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty; expected a header line");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::trim).toList();
        boolean lfw = header.equals(List.of("fold", "identity_a", "index_a", "identity_b", "index_b", "same"));
        boolean generic = header.size() >= 3 && header.subList(0, 3).equals(List.of("path_a", "path_b", "same"));
        if (!lfw && !generic) {
            throw new IllegalArgumentException(csv + ": header must be 'fold,identity_a,index_a,identity_b,index_b,same'"
                    + " or 'path_a,path_b,same[,fold]', got '" + lines.get(0) + "'");
        }
        int foldColumn = header.indexOf("fold");
        List<VerificationPair> pairs = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": expected " + header.size()
                        + " fields, got " + f.length);
            }
            try {
                if (lfw) {
                    pairs.add(new VerificationPair(lfwPath(root, f[1], f[2]), lfwPath(root, f[3], f[4]), same(f[5]),
                            Integer.parseInt(f[0].trim())));
                } else {
                    int fold = foldColumn >= 0 ? Integer.parseInt(f[foldColumn].trim()) : 1 + pairs.size() % DEFAULT_FOLDS;
                    pairs.add(new VerificationPair(root.resolve(f[0].trim()), root.resolve(f[1].trim()), same(f[2]), fold));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return pairs;
    }

    private static Path lfwPath(Path root, String identity, String index) {
        String name = identity.trim();
        return root.resolve("images").resolve(name).resolve(String.format("%s_%04d.jpg", name, Integer.parseInt(index.trim())));
    }

    private static boolean same(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new IllegalArgumentException("'same' must be 1/0 or true/false, got '" + value + "'");
        };
    }
}
