package io.faceengine.pipeline.config;

import io.faceengine.pipeline.face.FaceOrigin;

import java.util.List;

/**
 * How the run reads its input.
 * <p>What a manifest (set_id,uri lines) may point at: a manifest is data, often made by someone
 * else, so it must not make the run read arbitrary places (http://…, file:/etc/…): an entry is
 * read only if its scheme is allowed and it lies under the manifest's own folder or one of the
 * roots; anything else is recorded as URI_NOT_ALLOWED. Paths are compared after removing "." and
 * ".." segments; symbolic links inside an allowed folder are followed.
 *
 * @param manifestSchemes URI schemes a manifest entry may use (a path without scheme is on the default file system)
 * @param manifestRoots   folders (paths or URIs) a manifest entry may lie under besides the manifest's own folder
 * @param alignedCrops    every input image is already an aligned face crop (e.g. an existing training set):
 *                        detection and alignment are skipped, see {@link io.faceengine.pipeline.align.GivenCrops}
 */
public record InputOptions(List<String> manifestSchemes, List<String> manifestRoots, boolean alignedCrops) {
    public InputOptions {
        manifestSchemes = manifestSchemes == null ? List.of() : List.copyOf(manifestSchemes);
        manifestRoots = manifestRoots == null ? List.of() : List.copyOf(manifestRoots);
    }

    /** The defaults: local files, HDFS and S3, under the manifest's folder only; faces are detected. */
    public static InputOptions defaults() {
        return new InputOptions(List.of("file", "hdfs", "s3a"), List.of(), false);
    }

    /** Where this run's faces come from. */
    public FaceOrigin faceOrigin() {
        return alignedCrops ? FaceOrigin.GIVEN_CROP : FaceOrigin.DETECTED;
    }
}
