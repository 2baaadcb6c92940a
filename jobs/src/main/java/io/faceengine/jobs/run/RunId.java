package io.faceengine.jobs.run;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Run ids: UTC start time plus a random suffix ({@code 20250101-120000-1a2b3c}), so they sort by
 * time and two runs started in the same second differ. A run keeps its id across restarts.
 */
public final class RunId {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunId() {
    }

    public static String generate() {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return ZonedDateTime.now(ZoneOffset.UTC).format(TIME) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** Run ids become folder names: letters, digits, '.', '_' and '-' only. */
    public static String requireValid(String runId) {
        if (runId == null || !VALID.matcher(runId).matches()) {
            throw new IllegalArgumentException("invalid run id '" + runId + "': use letters, digits, '.', '_', '-'");
        }
        return runId;
    }
}
