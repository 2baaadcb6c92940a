package io.faceengine.pipeline.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CandidateTest {
    private static final float EPS = 1e-5f;

    @Test
    void areaCountsInclusivePixels() {
        assertEquals(200f, new Candidate(0, 0, 0, 9, 19, 1f).area(), EPS);
    }

    @Test
    void squareGrowsTheShortSideAroundTheCentre() {
        Candidate wide = new Candidate(0, 10, 10, 30, 20, 1f);
        wide.square();
        assertBox(wide, 10, 5, 30, 25);

        Candidate tall = new Candidate(0, 10, 10, 14, 30, 1f);
        tall.square();
        assertBox(tall, 2, 10, 22, 30);
    }

    @Test
    void regressScalesOffsetsByTheBoxSize() {
        // Stage 1 uses exclusive sizes (extra 0), later stages inclusive ones (extra 1), as the original code.
        Candidate exclusive = new Candidate(0, 0, 0, 10, 20, 1f);
        setRegression(exclusive, 0.1f, -0.1f, 0.2f, 0.05f);
        exclusive.regress(0);
        assertBox(exclusive, 1, -2, 12, 21);

        Candidate inclusive = new Candidate(0, 0, 0, 9, 19, 1f);
        setRegression(inclusive, 0.1f, -0.1f, 0.2f, 0.05f);
        inclusive.regress(1);
        assertBox(inclusive, 1, -2, 11, 20);
    }

    @Test
    void truncateDropsTheFractionTowardsZero() {
        Candidate c = new Candidate(0, 3.9f, -2.7f, 10.5f, 0.2f, 1f);
        c.truncate();
        assertBox(c, 3, -2, 10, 0);
    }

    private static void setRegression(Candidate c, float dx1, float dy1, float dx2, float dy2) {
        c.regression[0] = dx1;
        c.regression[1] = dy1;
        c.regression[2] = dx2;
        c.regression[3] = dy2;
    }

    private static void assertBox(Candidate c, float x1, float y1, float x2, float y2) {
        assertEquals(x1, c.x1, EPS, "x1");
        assertEquals(y1, c.y1, EPS, "y1");
        assertEquals(x2, c.x2, EPS, "x2");
        assertEquals(y2, c.y2, EPS, "y2");
    }
}
