package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.config.InputOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a manifest's URIs and decides which may be read: the scheme must be allowed and the
 * place must lie under the manifest's own folder or a configured root ({@link InputOptions}).
 * Decided on the text of the URI before anything is opened, so a refused entry is never fetched.
 */
final class ManifestUris {
    private final Path manifestFolder;
    private final Configuration conf;
    private final List<String> schemes;
    private final List<URI> roots = new ArrayList<>();

    ManifestUris(InputOptions options, Path manifest, Configuration conf) throws IOException {
        this.manifestFolder = manifest.getParent();
        this.conf = conf;
        this.schemes = options.manifestSchemes().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        roots.add(folderUri(manifestFolder));
        for (String root : options.manifestRoots()) {
            roots.add(folderUri(qualified(new Path(root))));
        }
    }

    /** The entry as an absolute path: relative ones are relative to the manifest's folder. */
    Path resolve(String uri) {
        Path target = new Path(uri);
        return target.isAbsolute() || target.toUri().getScheme() != null ? target : new Path(manifestFolder, uri);
    }

    /** Why the entry may not be read, or null when it may. */
    String refusal(Path target) {
        String scheme = target.toUri().getScheme();
        if (scheme != null && !schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
            return "'" + target + "' uses the scheme '" + scheme + "', which manifests may not use (allowed: "
                    + schemes + ", input.manifestSchemes); it was not fetched.";
        }
        URI place;
        try {
            place = qualified(target).toUri().normalize();
        } catch (IOException | UncheckedIOException e) {
            return "'" + target + "' cannot be placed on a file system (" + e.getMessage() + "); it was not read.";
        }
        for (URI root : roots) {
            if (within(place, root)) {
                return null;
            }
        }
        return "'" + target + "' is outside the manifest's folder " + manifestFolder + " and the allowed roots"
                + " (input.manifestRoots); it was not read. Add its folder to input.manifestRoots to allow it.";
    }

    private Path qualified(Path path) throws IOException {
        return path.getFileSystem(conf).makeQualified(path);
    }

    private static URI folderUri(Path folder) {
        URI uri = folder.toUri().normalize();
        String path = uri.getPath().endsWith("/") ? uri.getPath() : uri.getPath() + "/";
        try {
            return new URI(uri.getScheme(), uri.getAuthority(), path, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a folder URI: " + folder, e);
        }
    }

    private static boolean within(URI place, URI folder) {
        return equalsIgnoreCase(place.getScheme(), folder.getScheme())
                && java.util.Objects.equals(place.getAuthority(), folder.getAuthority())
                && place.getPath() != null && place.getPath().startsWith(folder.getPath())
                && !place.getPath().contains("/../");
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
