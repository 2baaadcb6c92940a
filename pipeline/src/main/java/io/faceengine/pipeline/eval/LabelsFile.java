package io.faceengine.pipeline.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ground-truth identities of images from CSV with the header {@code path,identity[,set]}:
 * one labelled person per image (the face nearest the image centre). Paths are relative to the
 * root given (or absolute). Keys of the result are absolute, normalised local paths, so they match
 * a run's image URIs whatever scheme prefix those carry.
 */
public final class LabelsFile {
    private LabelsFile() {
    }

    /** The label of one image; {@code set} is empty when the file has no set column. */
    public record Label(String identity, String set) {
    }

    public static Map<String, Label> read(Path csv, Path root) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty; expected the header 'path,identity[,set]'");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::trim).toList();
        if (header.size() < 2 || !header.get(0).equals("path") || !header.get(1).equals("identity")) {
            throw new IllegalArgumentException(csv + ": header must be 'path,identity[,set]', got '" + lines.get(0) + "'");
        }
        int setColumn = header.indexOf("set");
        Map<String, Label> labels = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length < 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": needs a path and an identity");
            }
            String set = setColumn >= 0 && setColumn < fields.length ? fields[setColumn].trim() : "";
            String key = localPathKey(root.resolve(fields[0].trim()).toString());
            if (labels.put(key, new Label(fields[1].trim(), set)) != null) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + fields[0] + " is labelled twice");
            }
        }
        return labels;
    }

    /** The normalised absolute local path of a path or a {@code file:} URI, used as the join key. */
    public static String localPathKey(String pathOrUri) {
        String path = pathOrUri;
        if (path.startsWith("file://")) {
            path = path.substring("file://".length());
        } else if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
