package io.faceengine.pipeline.table;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the crop archives a run writes for the review API:
 * {@code runs/<runId>/crops/part-<n>.zip}, each holding one stored (uncompressed: JPEG is
 * compressed already) entry {@code <faceId>.jpg} per clustered face. No Spark or Hadoop types, so
 * the job that writes the archives and the API that serves them share this one definition.
 */
public final class CropArchives {
    /** The folder under the run's folder. */
    public static final String FOLDER = "crops";

    private static final Pattern PART = Pattern.compile("part-([0-9]{5})\\.zip");
    private static final String ENTRY_SUFFIX = ".jpg";

    private CropArchives() {
    }

    public static String partName(int part) {
        if (part < 0 || part > 99_999) {
            throw new IllegalArgumentException("archive number must be in [0, 99999], got " + part);
        }
        return String.format(java.util.Locale.ROOT, "part-%05d.zip", part);
    }

    /** The archive number of a file name, or empty when the name is not an archive's. */
    public static OptionalInt partNumber(String fileName) {
        Matcher m = PART.matcher(fileName);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    public static String entryName(String faceId) {
        return faceId + ENTRY_SUFFIX;
    }

    /** The face id an entry holds, or empty when the entry is not a face's crop. */
    public static Optional<String> faceIdOf(String entryName) {
        if (!entryName.endsWith(ENTRY_SUFFIX)) {
            return Optional.empty();
        }
        String faceId = entryName.substring(0, entryName.length() - ENTRY_SUFFIX.length());
        return ContentIds.FACE_ID.matcher(faceId).matches() ? Optional.of(faceId) : Optional.empty();
    }
}
