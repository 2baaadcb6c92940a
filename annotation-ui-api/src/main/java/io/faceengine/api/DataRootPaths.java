package io.faceengine.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Files of the data root as the API may read them: a path is used only once its real path (links
 * followed) is known to lie inside the data root's real path, so a link planted in the data root
 * never makes a file elsewhere readable.
 */
final class DataRootPaths {
    private final Path root;

    DataRootPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /**
     * The real path of {@code file}; a 500 naming {@code what} (never the target) when it resolves
     * outside the data root. A missing file is a {@link java.nio.file.NoSuchFileException}.
     */
    Path inside(Path file, String what) throws IOException {
        Path realRoot = root.toRealPath();
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw ApiException.dataRootInvalid(what + " resolves outside the data root");
        }
        return real;
    }
}
