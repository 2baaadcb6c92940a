package io.faceengine.pipeline.eval;

import io.faceengine.pipeline.face.DetectedFace;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the labelled face of an image that holds one labelled person near its centre (as in
 * LFW): the detected face whose box contains the centre, nearest to it; if none contains it,
 * none is picked, so a background face is never mistaken for the labelled one.
 */
public final class CentralFacePicker {
    private CentralFacePicker() {
    }

    public static Optional<DetectedFace> pick(List<DetectedFace> faces, int width, int height) {
        float cx = width / 2f;
        float cy = height / 2f;
        return faces.stream()
                .filter(f -> f.box().contains(cx, cy))
                .min(Comparator.comparingDouble(f -> Math.hypot((f.box().x1() + f.box().x2()) / 2 - cx,
                        (f.box().y1() + f.box().y2()) / 2 - cy)));
    }
}
