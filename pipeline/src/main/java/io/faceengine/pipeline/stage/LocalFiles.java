package io.faceengine.pipeline.stage;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a local input path really is, found without opening it: opening a FIFO blocks until a
 * writer comes, and a device such as /dev/zero never ends. Links are followed, as a user who
 * links photos into a folder expects, but loops and missing targets are named.
 */
final class LocalFiles {
    private LocalFiles() {
    }

    /**
     * A path as it stands: a regular file with its attributes, or the reason it is not read.
     *
     * @param attributes set when the path is a regular file (after following links)
     * @param fault      set when it is not
     */
    record State(BasicFileAttributes attributes, InputFault fault, String message) {
        static State of(Path path, BasicFileAttributes followed) {
            if (followed.isRegularFile()) {
                return new State(followed, null, null);
            }
            if (followed.isSymbolicLink()) {
                // Following failed, so what came back describes the link itself.
                return brokenLink(path);
            }
            return new State(null, InputFault.NOT_A_REGULAR_FILE, path + " is " + kind(followed)
                    + ", not a regular file; it was not read (reading it could block or never end).");
        }
    }

    /** Inspects a path, following links; a vanished or unreadable path throws. */
    static State inspect(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException | FileSystemLoopException e) {
            if (Files.isSymbolicLink(path)) {
                return brokenLink(path);
            }
            throw e;
        } catch (FileSystemException e) {
            if (isLoop(e)) {
                return brokenLink(path);
            }
            throw e;
        }
        return State.of(path, attributes);
    }

    /** A directory the walk refused to enter again: it is one of its own parents through a link. */
    static State directoryLoop(Path path) {
        return new State(null, InputFault.SYMLINK_LOOP, path + " links to a folder that contains it; it was not"
                + " followed (it would list the same files forever). Remove the link.");
    }

    private static State brokenLink(Path link) {
        try {
            link.toRealPath();
        } catch (NoSuchFileException e) {
            return new State(null, InputFault.DANGLING_SYMLINK, link + " is a symbolic link to "
                    + target(link) + ", which does not exist. Restore the target or remove the link.");
        } catch (IOException e) {
            if (isLoop(e)) {
                return new State(null, InputFault.SYMLINK_LOOP, link + " is a symbolic link that leads back to"
                        + " itself (" + e.getMessage() + "). Point it at the image or remove it.");
            }
        }
        return new State(null, InputFault.DANGLING_SYMLINK, link + " is a symbolic link to " + target(link)
                + ", which cannot be followed. Restore the target or remove the link.");
    }

    private static boolean isLoop(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return true;
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return reason != null && reason.contains("levels of symbolic links");
    }

    private static String target(Path link) {
        try {
            return "'" + Files.readSymbolicLink(link) + "'";
        } catch (IOException | UnsupportedOperationException e) {
            return "a place";
        }
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a directory" : "a special file (FIFO, device or socket)";
    }
}
