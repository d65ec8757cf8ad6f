package dev.lightcone.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {
    @Test
    void frequenciesFollowTheProbabilities() {
        for (double alpha : new double[] {0, 0.99, 1.5}) {
            ZipfSampler z = new ZipfSampler(1000, alpha);
            SplittableRandom rnd = new SplittableRandom(7);
            int draws = 400_000;
            int[] count = new int[z.size()];
            for (int i = 0; i < draws; i++) {
                count[z.next(rnd)]++;
            }
            double sum = 0;
            for (int r = 0; r < z.size(); r++) {
                sum += z.probability(r);
            }
            assertEquals(1.0, sum, 1e-9, "alpha " + alpha);
            for (int r : new int[] {0, 1, 9, 999}) {
                double expected = z.probability(r) * draws;
                // five standard deviations of a binomial count, plus one for the tiny tail ranks
                double tolerance = 5 * Math.sqrt(expected) + 1;
                assertEquals(expected, count[r], tolerance, "alpha " + alpha + " rank " + r);
            }
        }
    }

    @Test
    void alphaOneAndAHalfIsSkewed() {
        ZipfSampler z = new ZipfSampler(100_000, 1.5);
        assertTrue(z.probability(0) > 0.38 && z.probability(0) < 0.39, "1/zeta(1.5) = 0.383: " + z.probability(0));
        assertEquals(1e-5, new ZipfSampler(100_000, 0).probability(123), 1e-15);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(10, Double.NaN));
    }
}
