package io.faceengine.pipeline.eval;

import io.faceengine.pipeline.face.FaceBox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ground-truth identities from CSV. The header line decides what a row labels:
 * <ul>
 *   <li>{@code path,identity} or {@code path,identity,set}: a photo. The labelled face is found by
 *       the photo rule of the evaluation (the only face, else the largest one).</li>
 *   <li>{@code path,identity,x,y,w,h} or {@code path,identity,x,y,w,h,set}: a face box, in pixels
 *       with the origin at the top-left of the image as it is shown (EXIF orientation applied). A
 *       photo may have several rows, one per labelled person.</li>
 * </ul>
 * Any other header is refused. Fields are separated by commas, without quoting (a path or an
 * identity cannot hold a comma), every row has the header's number of fields, and {@code set} may
 * be empty. Paths are relative to the root given (or absolute); a row's key is the absolute,
 * normalised local path, so it matches a run's image URIs whatever scheme prefix those carry.
 * A malformed row is an error naming its line and what is wrong with it.
 */
public final class LabelsFile {
    private static final List<String> PHOTO_COLUMNS = List.of("path", "identity");
    private static final List<String> BOX_COLUMNS = List.of("path", "identity", "x", "y", "w", "h");
    private static final String SET_COLUMN = "set";

    private LabelsFile() {
    }

    /** What the rows of a labels file label. */
    public enum Kind {
        PHOTO, BOX
    }

    /**
     * One row: the image's path key, its person, its set (empty when not given), the labelled face
     * box ({@code null} for a photo label) and the line it was read from.
     */
    public record Label(String path, String identity, String set, FaceBox box, int line) {
    }

    /** The rows of one labels file, in file order. */
    public record Labels(Kind kind, List<Label> rows) {
        public Labels {
            rows = List.copyOf(rows);
        }

        /** Rows by image path key, each image's rows in file order. */
        public Map<String, List<Label>> byPath() {
            Map<String, List<Label>> byPath = new LinkedHashMap<>();
            rows.forEach(row -> byPath.computeIfAbsent(row.path(), k -> new ArrayList<>()).add(row));
            return byPath;
        }

        public int size() {
            return rows.size();
        }
    }

    public static Labels read(Path csv, Path root) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty; expected the header 'path,identity[,set]' "
                    + "or 'path,identity,x,y,w,h[,set]'");
        }
        String headerLine = lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(0);
        List<String> header = Arrays.stream(headerLine.split(",", -1)).map(String::trim).toList();
        Kind kind = kindOf(header);
        if (kind == null) {
            throw new IllegalArgumentException(csv + " line 1: the header must be 'path,identity[,set]' (labels by photo) "
                    + "or 'path,identity,x,y,w,h[,set]' (labels by face box), got '" + headerLine + "'");
        }
        boolean hasSet = header.get(header.size() - 1).equals(SET_COLUMN);
        List<Label> rows = new ArrayList<>();
        Map<String, Integer> lineOfKey = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int lineNumber = i + 1;
            String[] fields = Arrays.stream(line.split(",", -1)).map(String::trim).toArray(String[]::new);
            if (fields.length != header.size()) {
                throw malformed(csv, lineNumber, "has " + fields.length + " fields, the header has " + header.size()
                        + " (" + String.join(",", header) + "); paths and identities cannot contain commas");
            }
            if (fields[0].isEmpty() || fields[1].isEmpty()) {
                throw malformed(csv, lineNumber, "needs a path and an identity");
            }
            FaceBox box = kind == Kind.BOX ? box(csv, lineNumber, fields) : null;
            String path = localPathKey(root.resolve(fields[0]).toString());
            Label label = new Label(path, fields[1], hasSet ? fields[header.size() - 1] : "", box, lineNumber);
            String key = kind == Kind.PHOTO ? path : path + "\n" + label.identity();
            Integer earlier = lineOfKey.putIfAbsent(key, lineNumber);
            if (earlier != null) {
                throw malformed(csv, lineNumber, kind == Kind.PHOTO
                        ? fields[0] + " is already labelled on line " + earlier + " (one person per photo: use face boxes "
                        + "to label several)"
                        : fields[1] + " is already labelled in " + fields[0] + " on line " + earlier
                        + " (a person appears once in a photo)");
            }
            rows.add(label);
        }
        return new Labels(kind, rows);
    }

    private static Kind kindOf(List<String> header) {
        List<String> columns = header.get(header.size() - 1).equals(SET_COLUMN) ? header.subList(0, header.size() - 1) : header;
        if (columns.equals(PHOTO_COLUMNS)) {
            return Kind.PHOTO;
        }
        return columns.equals(BOX_COLUMNS) ? Kind.BOX : null;
    }

    private static FaceBox box(Path csv, int line, String[] fields) {
        float[] xywh = new float[4];
        for (int c = 0; c < 4; c++) {
            String name = BOX_COLUMNS.get(2 + c);
            try {
                xywh[c] = Float.parseFloat(fields[2 + c]);
            } catch (NumberFormatException e) {
                throw malformed(csv, line, name + " is '" + fields[2 + c] + "', not a number of pixels");
            }
            if (!Float.isFinite(xywh[c])) {
                throw malformed(csv, line, name + " is '" + fields[2 + c] + "', not a finite number of pixels");
            }
        }
        if (xywh[2] <= 0 || xywh[3] <= 0) {
            throw malformed(csv, line, "the box's width and height must be positive, got w=" + fields[4] + " h=" + fields[5]);
        }
        return new FaceBox(xywh[0], xywh[1], xywh[0] + xywh[2], xywh[1] + xywh[3]);
    }

    private static IllegalArgumentException malformed(Path csv, int line, String reason) {
        return new IllegalArgumentException(csv + " line " + line + ": " + reason);
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
