package io.faceengine.jobs.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Paths given on the command line, made independent of the working directory before a run stores them. */
final class Locations {
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private Locations() {
    }

    /** URIs (hdfs://…, s3a://…, file:/…) stay as they are; local paths become absolute. */
    static String absolute(String location) {
        if (URI_SCHEME.matcher(location).matches()) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }
}
