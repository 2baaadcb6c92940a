package io.faceengine.api;

import java.util.regex.Pattern;

/** What may name a run's folder under the data root; checked before a run id becomes part of a path. */
final class RunFolders {
    /** Run ids, as the jobs allow them: letters, digits, '.', '_', '-', not starting with '.'. */
    static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final String RUNS = "runs";

    private RunFolders() {
    }
}
