package io.faceengine.quality;

import io.faceengine.pipeline.align.AlignmentTemplate;
import io.faceengine.pipeline.face.Landmarks5;

/**
 * Head pose in degrees, estimated from the five landmarks alone (no 3-D fit), so it is cheap
 * and needs nothing but the detection. It is an approximation good enough to reject clearly
 * turned, tilted or rotated faces, not a pose measurement.
 *
 * <p>Signs, with image coordinates (y down): yaw &gt; 0 when the nose lies right of the face's
 * midline in the image; pitch &gt; 0 when the head is tilted up (nose closer to the eyes than on
 * a frontal face); roll &gt; 0 when the image-right eye is lower (face turned clockwise as shown).
 *
 * <p>Landmarks that cannot come from a real face (eyes on one point, mouth not below the eye
 * line) give yaw = pitch = 90, so a policy rejects them instead of trusting a meaningless angle.
 */
public record HeadPose(float yaw, float pitch, float roll) {

    /**
     * How far the nose tip stands in front of the eyes and mouth corners, as a fraction of the
     * inter-ocular distance (about 25 mm against about 63 mm on average adult heads). Only the
     * mapping from landmark offsets to degrees depends on it.
     */
    static final double NOSE_DEPTH_PER_EYE_DISTANCE = 0.4;

    private static final double MIN_EXTENT = 1e-3;
    private static final AlignmentTemplate FRONTAL = AlignmentTemplate.standard112();
    /** Where the nose sits between eye line (0) and mouth line (1) on a frontal face. */
    static final double FRONTAL_NOSE_HEIGHT = noseHeight(FRONTAL.x(), FRONTAL.y());
    /** Eye-to-mouth height over inter-ocular distance on a frontal face. */
    private static final double FRONTAL_HEIGHT_PER_EYE_DISTANCE = heightPerEyeDistance(FRONTAL.x(), FRONTAL.y());

    public static HeadPose fromLandmarks(Landmarks5 landmarks) {
        return estimate(landmarks.x(), landmarks.y());
    }

    static HeadPose estimate(float[] x, float[] y) {
        double ex = x[1] - x[0];
        double ey = y[1] - y[0];
        double eyeDistance = Math.hypot(ex, ey);
        float roll = (float) Math.toDegrees(Math.atan2(ey, ex));
        if (eyeDistance < MIN_EXTENT) {
            return new HeadPose(90f, 90f, roll);
        }
        EyeFrame frame = new EyeFrame(x, y, ex / eyeDistance, ey / eyeDistance);
        double mouthU = (frame.u(3) + frame.u(4)) / 2;
        double mouthV = (frame.v(3) + frame.v(4)) / 2;
        if (mouthV < MIN_EXTENT * eyeDistance) {
            return new HeadPose(90f, 90f, roll);
        }
        double noseU = frame.u(2);
        double noseV = frame.v(2);
        // The midline joins the eye midpoint (the frame origin) and the mouth midpoint; taking it
        // at the nose's height keeps a sheared but frontal face from reading as turned.
        double midlineU = mouthU * noseV / mouthV;
        // Turning by yaw moves the protruding nose by depth·sin(yaw) while the eye distance
        // shrinks to its cos(yaw): the offset over the observed eye distance is
        // (depth/eyeDistance)·tan(yaw). Hence atan, not asin, which would need the unturned distance.
        double yaw = Math.atan((noseU - midlineU) / eyeDistance / NOSE_DEPTH_PER_EYE_DISTANCE);
        // Tilting by pitch moves the nose by depth·sin(pitch) against the eye-mouth height,
        // which shrinks to its cos(pitch): the nose height shifts by (depth/height)·tan(pitch)
        // from its frontal value. Height and depth come from the frontal proportions, because
        // the observed height is itself foreshortened by the pitch being measured.
        double depthPerHeight = NOSE_DEPTH_PER_EYE_DISTANCE / FRONTAL_HEIGHT_PER_EYE_DISTANCE;
        double pitch = Math.atan((FRONTAL_NOSE_HEIGHT - noseV / mouthV) / depthPerHeight);
        return new HeadPose((float) Math.toDegrees(yaw), (float) Math.toDegrees(pitch), roll);
    }

    private static double noseHeight(float[] x, float[] y) {
        double ex = x[1] - x[0];
        double ey = y[1] - y[0];
        double d = Math.hypot(ex, ey);
        EyeFrame frame = new EyeFrame(x, y, ex / d, ey / d);
        return frame.v(2) / ((frame.v(3) + frame.v(4)) / 2);
    }

    private static double heightPerEyeDistance(float[] x, float[] y) {
        double ex = x[1] - x[0];
        double ey = y[1] - y[0];
        double d = Math.hypot(ex, ey);
        EyeFrame frame = new EyeFrame(x, y, ex / d, ey / d);
        return (frame.v(3) + frame.v(4)) / 2 / d;
    }

    /**
     * Landmark coordinates with roll removed: origin at the eye midpoint, u along the eye line
     * (towards the image-right eye), v perpendicular to it (towards the mouth on an upright face).
     */
    private record EyeFrame(float[] x, float[] y, double cos, double sin) {
        private double originX() {
            return (x[0] + x[1]) / 2.0;
        }

        private double originY() {
            return (y[0] + y[1]) / 2.0;
        }

        double u(int i) {
            return (x[i] - originX()) * cos + (y[i] - originY()) * sin;
        }

        double v(int i) {
            return -(x[i] - originX()) * sin + (y[i] - originY()) * cos;
        }
    }
}
