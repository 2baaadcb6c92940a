package io.faceengine.clustering.synthetic;

import io.faceengine.clustering.graph.VectorSet;

import java.util.SplittableRandom;

/**
 * Seeded generator of face embeddings shaped like a real collection, for tests and scale
 * benchmarks where labelled faces are too few: identity centres are random unit vectors, a face is
 * its centre plus isotropic gaussian noise, identity sizes are heavy-tailed (most identities are
 * seen once, a few very often), and some photos hold several people (the cannot-link source).
 *
 * <p>Noise of squared length ρ around a unit centre gives two faces of one identity a cosine of
 * about 1/(1+ρ), so ρ follows from {@code withinCosine}; each face scales ρ by a log-normal factor
 * so that some faces are much harder than others, as blurry or profile faces are. A share of
 * identities are look-alikes: their centre is pulled towards an earlier identity's (centre cosine
 * {@code lookalikeCosine}), which is what makes thresholding non-trivial.
 *
 * @param dimension            embedding length
 * @param withinCosine         typical cosine between two faces of one identity
 * @param noiseSpread          sigma of the per-face log-normal factor on the noise
 * @param sizeExponent         tail exponent α of identity sizes, P(size ≥ s) = s^-α
 * @param maxIdentitySize      cap on faces per identity
 * @param lookalikeShare       share of identities placed near an earlier one
 * @param lookalikeCosine      cosine between a look-alike's centre and its model's
 * @param multiFacePhotoShare  share of photos holding 2-4 faces
 * @param seed                 same seed, same faces
 */
public record SyntheticIdentities(int dimension, double withinCosine, double noiseSpread, double sizeExponent,
                                  int maxIdentitySize, double lookalikeShare, double lookalikeCosine,
                                  double multiFacePhotoShare, long seed) {

    public SyntheticIdentities {
        if (dimension < 2 || !(withinCosine > 0 && withinCosine < 1) || noiseSpread < 0 || !(sizeExponent > 0)
                || maxIdentitySize < 1 || lookalikeShare < 0 || lookalikeShare > 1
                || !(lookalikeCosine > 0 && lookalikeCosine < 1) || multiFacePhotoShare < 0 || multiFacePhotoShare > 1) {
            throw new IllegalArgumentException("invalid synthetic identity parameters: " + this);
        }
    }

    /**
     * 192-d faces with within-identity cosine about 0.65-0.7, 10% look-alikes and 10% group photos:
     * tuned so that threshold clustering at 0.5 is good but not perfect (BCubed F about 0.99 at 20k faces).
     */
    public static SyntheticIdentities defaults(long seed) {
        return new SyntheticIdentities(192, 0.65, 0.7, 1.3, 2000, 0.10, 0.6, 0.10, seed);
    }

    public SyntheticIdentities withDimension(int value) {
        return new SyntheticIdentities(value, withinCosine, noiseSpread, sizeExponent, maxIdentitySize,
                lookalikeShare, lookalikeCosine, multiFacePhotoShare, seed);
    }

    public SyntheticFaces generate(int faces) {
        if (faces < 1) {
            throw new IllegalArgumentException("faces must be >= 1, got " + faces);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] identity = identitySizesAsLabels(faces, random);
        shuffle(identity, random);
        int identities = identity.length == 0 ? 0 : max(identity) + 1;
        float[] centres = centres(identities, random);

        int d = dimension;
        double rho = 1 / withinCosine - 1;
        // Keeps the mean of the log-normal factor at 1, so withinCosine stays the typical value.
        double logShift = -noiseSpread * noiseSpread / 2;
        float[] values = new float[Math.multiplyExact(faces, d)];
        for (int f = 0; f < faces; f++) {
            double radius = Math.sqrt(rho * Math.exp(noiseSpread * random.nextGaussian() + logShift) / d);
            int centre = identity[f] * d;
            int out = f * d;
            for (int c = 0; c < d; c++) {
                values[out + c] = (float) (centres[centre + c] + radius * random.nextGaussian());
            }
        }
        return new SyntheticFaces(VectorSet.normalised(faces, d, values), identity, photos(identity, random));
    }

    /** Draws identity sizes (discrete Pareto, capped) until the faces are used up; labels in order. */
    private int[] identitySizesAsLabels(int faces, SplittableRandom random) {
        int[] labels = new int[faces];
        int next = 0;
        int id = 0;
        while (next < faces) {
            double u = 1 - random.nextDouble();
            long size = Math.min(maxIdentitySize, (long) Math.floor(Math.pow(u, -1 / sizeExponent)));
            int end = (int) Math.min(faces, next + Math.max(1, size));
            for (; next < end; next++) {
                labels[next] = id;
            }
            id++;
        }
        return labels;
    }

    private float[] centres(int identities, SplittableRandom random) {
        int d = dimension;
        float[] centres = new float[Math.multiplyExact(identities, d)];
        double[] direction = new double[d];
        // A pull of t along a random unit direction gives centre cosine 1/sqrt(1+t²).
        double pull = Math.sqrt(1 / (lookalikeCosine * lookalikeCosine) - 1);
        for (int i = 0; i < identities; i++) {
            randomUnit(direction, random);
            if (i > 0 && random.nextDouble() < lookalikeShare) {
                int model = random.nextInt(i) * d;
                for (int c = 0; c < d; c++) {
                    direction[c] = centres[model + c] + pull * direction[c];
                }
                normalise(direction);
            }
            for (int c = 0; c < d; c++) {
                centres[i * d + c] = (float) direction[c];
            }
        }
        return centres;
    }

    /** Consecutive faces share a photo; a face whose identity is already in that photo gets its own. */
    private int[] photos(int[] identity, SplittableRandom random) {
        int n = identity.length;
        int[] photo = new int[n];
        int nextPhoto = 0;
        int i = 0;
        while (i < n) {
            int size = random.nextDouble() < multiFacePhotoShare ? 2 + random.nextInt(3) : 1;
            int end = Math.min(n, i + size);
            int shared = nextPhoto++;
            for (int f = i; f < end; f++) {
                boolean repeated = false;
                for (int g = i; g < f; g++) {
                    repeated |= photo[g] == shared && identity[g] == identity[f];
                }
                photo[f] = repeated ? nextPhoto++ : shared;
            }
            i = end;
        }
        return photo;
    }

    private static void randomUnit(double[] out, SplittableRandom random) {
        for (int c = 0; c < out.length; c++) {
            out[c] = random.nextGaussian();
        }
        normalise(out);
    }

    private static void normalise(double[] v) {
        double squares = 0;
        for (double x : v) {
            squares += x * x;
        }
        double scale = 1 / Math.sqrt(squares);
        for (int c = 0; c < v.length; c++) {
            v[c] *= scale;
        }
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static int max(int[] values) {
        int max = Integer.MIN_VALUE;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
