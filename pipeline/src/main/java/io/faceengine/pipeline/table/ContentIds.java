package io.faceengine.pipeline.table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The content-derived ids every table is keyed by, so a re-run overwrites instead of duplicating. */
public final class ContentIds {
    /** What {@link #faceId} makes: the image's SHA-256 in lower-case hex, ':', the detection index. */
    public static final Pattern FACE_ID = Pattern.compile("[0-9a-f]{64}:(0|[1-9][0-9]{0,8})");

    private ContentIds() {
    }

    /** A fresh SHA-256 digest (for hashing streams). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Id of a file that could not be read: no bytes to hash, so its URI names it. */
    public static String unreadableImageId(String uri) {
        return "unreadable:" + sha256Hex(uri.getBytes(StandardCharsets.UTF_8));
    }

    /** A face is its image plus its detection index (detections are ordered by score, deterministically). */
    public static String faceId(String imageId, int faceIndex) {
        return imageId + ":" + faceIndex;
    }
}
