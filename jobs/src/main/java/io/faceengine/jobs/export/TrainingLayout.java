package io.faceengine.jobs.export;

import io.faceengine.pipeline.table.ContentIds;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Names in the training layout an export writes: {@code images/<label>/<file>.jpg}, one folder per
 * identity, and {@code list.txt} lines {@code <path><TAB><class index>}. A label is the identity id
 * (stable across runs and renames; names can change, repeat or hold any character), made safe for
 * every file system; class indices are 0..C-1 in label order. No Spark types, so the rules are tested alone.
 */
public final class TrainingLayout {
    public static final String IMAGES = "images";
    public static final String LIST = "list.txt";
    public static final String FACES_JSONL = "faces.jsonl";
    public static final String EXPORT_JSON = "export.json";

    /** Characters every common file system and shell takes in a name as they are (no leading '.' or '-'). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final Pattern UNSAFE_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");
    private static final String JPEG = ".jpg";

    private TrainingLayout() {
    }

    /**
     * A folder name for an identity: the id itself when it is safe (the engine's {@code id-<hex>} ids
     * are), otherwise its safe characters plus a hash of the whole id, so two ids never share a folder.
     */
    public static String label(String identityId) {
        if (identityId == null || identityId.isEmpty()) {
            throw new IllegalArgumentException("a face to export has no identity id");
        }
        return SAFE.matcher(identityId).matches() ? identityId : hashed(identityId);
    }

    /** A face's file name: the engine's {@code <image hash>:<index>} ids with '_' for ':' (':' is not allowed everywhere). */
    public static String fileName(String faceId) {
        String stem = ContentIds.FACE_ID.matcher(faceId).matches() ? faceId.replace(':', '_')
                : SAFE.matcher(faceId).matches() ? faceId : hashed(faceId);
        return stem + JPEG;
    }

    /** The path of a face's crop relative to the export folder, always with '/'. */
    public static String imagePath(String identityId, String faceId) {
        return IMAGES + "/" + label(identityId) + "/" + fileName(faceId);
    }

    /** One line of {@code list.txt}. */
    public static String listLine(String imagePath, int classIndex) {
        if (imagePath.indexOf('\t') >= 0 || imagePath.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an image path in the list cannot hold a tab or newline: " + imagePath);
        }
        return imagePath + "\t" + classIndex + "\n";
    }

    /**
     * Class index of each identity: 0..C-1 in the order of their labels, so the same identities always
     * get the same indices. Fails if two identities would share a folder.
     */
    public static Map<String, Integer> classIndices(Collection<String> identityIds) {
        Map<String, String> identityOfLabel = new HashMap<>();
        TreeSet<String> labels = new TreeSet<>();
        for (String identityId : new TreeSet<>(identityIds)) {
            String label = label(identityId);
            String other = identityOfLabel.putIfAbsent(label, identityId);
            if (other != null) {
                throw new IllegalStateException("identities " + other + " and " + identityId + " would share the folder " + label);
            }
            labels.add(label);
        }
        Map<String, Integer> indices = new LinkedHashMap<>();
        int next = 0;
        for (String label : labels) {
            indices.put(identityOfLabel.get(label), next++);
        }
        return indices;
    }

    private static String hashed(String id) {
        String safe = UNSAFE_CHARACTER.matcher(id).replaceAll("_");
        if (safe.startsWith(".") || safe.startsWith("-")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return safe + "-" + ContentIds.sha256Hex(id.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }
}
