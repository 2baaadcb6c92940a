package io.faceengine.quality;

import io.faceengine.pipeline.align.AlignmentTemplate;
import io.faceengine.pipeline.face.Landmarks5;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadPoseTest {
    private static final AlignmentTemplate TEMPLATE = AlignmentTemplate.standard112();

    @Test
    void theFrontalTemplateHasNoPose() {
        HeadPose pose = HeadPose.fromLandmarks(new Landmarks5(TEMPLATE.x(), TEMPLATE.y()));
        assertEquals(0, pose.yaw(), 0.5);
        assertEquals(0, pose.pitch(), 1e-3);
        assertEquals(0, pose.roll(), 0.5);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-150, -60, -25, -5, 10, 33, 90, 170})
    void rollIsTheEyeLineAngleAndDoesNotLeakIntoYawOrPitch(double degrees) {
        Landmarks5 rotated = similarity(TEMPLATE.x(), TEMPLATE.y(), Math.toRadians(degrees), 3.7, 400, 250);
        HeadPose pose = HeadPose.fromLandmarks(rotated);
        HeadPose frontal = HeadPose.fromLandmarks(new Landmarks5(TEMPLATE.x(), TEMPLATE.y()));
        assertEquals(degrees + frontal.roll(), pose.roll(), 1e-3);
        assertEquals(frontal.yaw(), pose.yaw(), 1e-3);
        assertEquals(frontal.pitch(), pose.pitch(), 1e-3);
    }

    @Test
    void rollIsPositiveWhenTheImageRightEyeIsLower() {
        float[] x = {100, 140, 120, 105, 135};
        float[] y = {100, 110, 125, 145, 150};
        assertTrue(HeadPose.fromLandmarks(new Landmarks5(x, y)).roll() > 10);
    }

    /** A head built from the template with the nose in front, turned and projected, reads back its angles. */
    @ParameterizedTest
    @ValueSource(doubles = {-50, -30, -10, 15, 40})
    void yawOfAProjectedModelHeadIsRecovered(double degrees) {
        Landmarks5 turned = projectModelHead(Math.toRadians(degrees), 0);
        HeadPose pose = HeadPose.fromLandmarks(turned);
        assertEquals(degrees, pose.yaw(), 1.0);
        assertEquals(0, pose.pitch(), 1.0);
        assertEquals(0, pose.roll(), 0.5);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-40, -20, -5, 10, 30})
    void pitchOfAProjectedModelHeadIsRecovered(double degrees) {
        Landmarks5 tilted = projectModelHead(0, Math.toRadians(degrees));
        HeadPose pose = HeadPose.fromLandmarks(tilted);
        assertEquals(degrees, pose.pitch(), 1.0);
        assertEquals(0, pose.yaw(), 1.0);
        assertEquals(0, pose.roll(), 0.5);
    }

    @Test
    void impossibleLandmarksReadAsExtremePose() {
        float[] x = {50, 50, 50, 50, 50};
        float[] y = {50, 50, 60, 70, 70};
        HeadPose sameEyes = HeadPose.fromLandmarks(new Landmarks5(x, y));
        assertEquals(90, sameEyes.yaw());
        assertEquals(90, sameEyes.pitch());
        float[] mouthAbove = {38, 74, 56, 42, 71};
        float[] my = {52, 52, 40, 30, 30};
        HeadPose upsideDown = HeadPose.fromLandmarks(new Landmarks5(mouthAbove, my));
        assertEquals(90, upsideDown.pitch());
    }

    /**
     * The template as a 3-D head: eyes and mouth corners in the z = 0 plane, the nose tip
     * NOSE_DEPTH_PER_EYE_DISTANCE eye distances towards the camera; rotated (yaw about the vertical
     * axis, then pitch about the horizontal one) and projected orthographically.
     */
    private static Landmarks5 projectModelHead(double yaw, double pitch) {
        float[] tx = TEMPLATE.x();
        float[] ty = TEMPLATE.y();
        double cx = (tx[0] + tx[1] + tx[3] + tx[4]) / 4;
        double cy = (ty[0] + ty[1] + ty[3] + ty[4]) / 4;
        double eyeDistance = Math.hypot(tx[1] - tx[0], ty[1] - ty[0]);
        float[] x = new float[5];
        float[] y = new float[5];
        for (int i = 0; i < 5; i++) {
            double px = tx[i] - cx;
            double py = ty[i] - cy;
            // Towards the camera is negative z; image y points down.
            double pz = i == 2 ? -HeadPose.NOSE_DEPTH_PER_EYE_DISTANCE * eyeDistance : 0;
            // Yaw > 0 turns the nose towards image right.
            double x1 = px * Math.cos(yaw) - pz * Math.sin(yaw);
            double z1 = px * Math.sin(yaw) + pz * Math.cos(yaw);
            // Pitch > 0 (head up) moves the nose up the image, towards the eyes.
            double y2 = py * Math.cos(pitch) + z1 * Math.sin(pitch);
            x[i] = (float) (200 + 2 * x1);
            y[i] = (float) (300 + 2 * y2);
        }
        return new Landmarks5(x, y);
    }

    private static Landmarks5 similarity(float[] sx, float[] sy, double angle, double scale, double dx, double dy) {
        float[] x = new float[5];
        float[] y = new float[5];
        for (int i = 0; i < 5; i++) {
            x[i] = (float) (scale * (sx[i] * Math.cos(angle) - sy[i] * Math.sin(angle)) + dx);
            y[i] = (float) (scale * (sx[i] * Math.sin(angle) + sy[i] * Math.cos(angle)) + dy);
        }
        return new Landmarks5(x, y);
    }
}
