package io.coterie.server.cluster.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThrottleTest {

    @Test
    void unthrottledNeverWaits() {
        assertEquals(0, new Throttle(0).delayMsAfter(1L << 40, 0));
    }

    @Test
    void waitsUntilTheBytesSentFitTheRate() {
        Throttle t = new Throttle(1_000_000);
        assertEquals(1_000, t.delayMsAfter(1_000_000, 10_000));
        // Called back early (at +500 ms): 500 ms of the first batch's debt remain, plus 500 ms for the new bytes.
        assertEquals(1_000, t.delayMsAfter(500_000, 10_500));
        // After an idle pause there is no credit saved up beyond the rate.
        assertEquals(100, t.delayMsAfter(100_000, 60_000));
    }
}
