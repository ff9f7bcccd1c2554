package io.coterie.ring.repair;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A caller that waits as told never moves more than one second's burst plus the rate times the time elapsed. */
class RepairThrottleProperties {

    @Property
    void waitingAsToldKeepsToTheRate(@ForAll long seed, @ForAll @IntRange(min = 1_024, max = 1 << 24) int bytesPerSecond) {
        SplittableRandom random = new SplittableRandom(seed);
        RepairThrottle throttle = new RepairThrottle();
        long nowMs = random.nextLong(1_000_000);
        long startMs = nowMs;
        long moved = 0;
        for (int i = 0; i < 200; i++) {
            long bytes = 1 + random.nextInt(bytesPerSecond / 2 + 1);
            moved += bytes;
            nowMs += throttle.delayMsAfter(bytes, nowMs, bytesPerSecond) + random.nextInt(3);
            assertTrue(moved <= bytesPerSecond + (nowMs - startMs) * bytesPerSecond / 1000 + bytesPerSecond / 1000 + 1,
                    "moved " + moved + " in " + (nowMs - startMs) + " ms");
        }
        assertTrue(nowMs - startMs >= (moved - bytesPerSecond) * 1000 / bytesPerSecond - 1, "and it waited");
    }

    @Property
    void zeroMeansUnthrottled(@ForAll long bytes) {
        assertEquals(0, new RepairThrottle().delayMsAfter(Math.abs(bytes % 1_000_000_000), 5, 0));
    }
}
