package io.coterie.ring.failure;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PhiFormulaProperties {

    @Property
    void phiIsFiniteNonNegativeAndNonDecreasingInSilence(@ForAll @DoubleRange(min = 0, max = 60_000) double t,
                                                        @ForAll @DoubleRange(min = 0, max = 10_000) double later,
                                                        @ForAll @DoubleRange(min = 1, max = 10_000) double mean,
                                                        @ForAll @DoubleRange(min = 1, max = 5_000) double stdDev) {
        double now = PhiAccrualDetector.phi(t, mean, stdDev);
        double afterMore = PhiAccrualDetector.phi(t + later, mean, stdDev);
        assertTrue(now >= 0, "phi " + now);
        assertTrue(afterMore >= now - 1e-9, "phi fell from " + now + " to " + afterMore);
    }

    @Property
    void phiAtTheMeanIsAboutLog10OfTwo(@ForAll @DoubleRange(min = 1, max = 10_000) double mean,
                                       @ForAll @DoubleRange(min = 1, max = 5_000) double stdDev) {
        // At the mean half of the normal distribution lies beyond: phi = -log10(0.5) ~ 0.301.
        double phi = PhiAccrualDetector.phi(mean, mean, stdDev);
        assertTrue(Math.abs(phi - Math.log10(2)) < 1e-6, "phi " + phi);
    }
}
