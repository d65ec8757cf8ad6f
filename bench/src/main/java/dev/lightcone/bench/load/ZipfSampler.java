package dev.lightcone.bench.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1/(rank+1)^alpha}: a precomputed cumulative
 * distribution searched with a uniform draw. {@code alpha = 0} is the uniform distribution (drawn directly).
 * Immutable and shareable; each caller brings its own {@link SplittableRandom}.
 */
public final class ZipfSampler {
    private final int n;
    private final double alpha;
    private final double[] cdf;

    /** A sampler over {@code n >= 1} ranks with exponent {@code alpha >= 0}. */
    public ZipfSampler(int n, double alpha) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one rank, got " + n);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        this.n = n;
        this.alpha = alpha;
        if (alpha == 0) {
            cdf = null;
            return;
        }
        cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.pow(i + 1, -alpha);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        cdf[n - 1] = 1.0;
    }

    /** The number of ranks. */
    public int size() {
        return n;
    }

    /** The exponent. */
    public double alpha() {
        return alpha;
    }

    /** The probability of {@code rank}. */
    public double probability(int rank) {
        if (cdf == null) {
            return 1.0 / n;
        }
        return rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1];
    }

    /** One rank. */
    public int next(SplittableRandom rnd) {
        if (cdf == null) {
            return rnd.nextInt(n);
        }
        double u = rnd.nextDouble();
        int i = Arrays.binarySearch(cdf, u);
        // Not found: -(insertion point) - 1; the insertion point is the first index with cdf > u.
        return i >= 0 ? i : Math.min(-i - 1, n - 1);
    }
}
