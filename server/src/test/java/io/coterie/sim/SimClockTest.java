package io.coterie.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimClockTest {

    @Test
    void stepsAndDriftMoveTheWallClockButNotVirtualTime() {
        SimLoop loop = new SimLoop(new SimTrace(0), 100);
        SimClock clock = new SimClock(loop);
        assertEquals(SimClock.EPOCH_MS, clock.millis());
        loop.runUntil(1_000);
        clock.skew(-5_000, 1_000);          // a step back 5 s, then 1000 ppm fast
        assertEquals(SimClock.EPOCH_MS + 1_000 - 5_000, clock.millis());
        loop.runUntil(11_000);
        assertEquals(SimClock.EPOCH_MS + 11_000 - 5_000 + 10, clock.millis());
        clock.skew(0, 0);                   // drift stops, what it accumulated stays
        loop.runUntil(21_000);
        assertEquals(-5_000 + 10, clock.offsetMs());
    }
}
