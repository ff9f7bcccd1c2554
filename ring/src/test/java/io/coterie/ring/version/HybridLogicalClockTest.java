package io.coterie.ring.version;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HybridLogicalClockTest {

    /** A settable wall clock for tests. */
    private static final class ManualClock implements io.coterie.ring.Clock {
        long nowMs;

        ManualClock(long nowMs) {
            this.nowMs = nowMs;
        }

        @Override
        public long millis() {
            return nowMs;
        }
    }

    @Test
    void followsTheWallClockWhenItMovesForward() {
        ManualClock wall = new ManualClock(1000);
        HybridLogicalClock hlc = new HybridLogicalClock(wall);
        assertEquals(new HlcTimestamp(1000, 0), hlc.now());
        assertEquals(new HlcTimestamp(1000, 1), hlc.now());
        wall.nowMs = 1005;
        assertEquals(new HlcTimestamp(1005, 0), hlc.now());
    }

    @Test
    void staysMonotonicWhenTheWallClockStepsBack() {
        ManualClock wall = new ManualClock(5000);
        HybridLogicalClock hlc = new HybridLogicalClock(wall);
        HlcTimestamp before = hlc.now();
        wall.nowMs = 1000; // NTP step backwards
        HlcTimestamp after = hlc.now();
        assertEquals(new HlcTimestamp(5000, 1), after);
        assertTrue(after.compareTo(before) > 0);
    }

    @Test
    void aRestartedClockStartsAfterWhatWasPersisted() {
        ManualClock wall = new ManualClock(1000);
        HybridLogicalClock hlc = new HybridLogicalClock(wall, 60_000, new HlcTimestamp(5000, 4));
        assertEquals(new HlcTimestamp(5000, 5), hlc.now());
    }

    @Test
    void receiveMovesPastTheSender() {
        ManualClock wall = new ManualClock(1000);
        HybridLogicalClock hlc = new HybridLogicalClock(wall);
        hlc.now();
        HlcUpdate update = hlc.update(new HlcTimestamp(1500, 7));
        assertEquals(new HlcUpdate.Accepted(new HlcTimestamp(1500, 8)), update);
        // Same millisecond on both sides: counter is max of both + 1.
        assertEquals(new HlcUpdate.Accepted(new HlcTimestamp(1500, 10)), hlc.update(new HlcTimestamp(1500, 9)));
        // A stale remote reading only ticks our counter.
        assertEquals(new HlcUpdate.Accepted(new HlcTimestamp(1500, 11)), hlc.update(new HlcTimestamp(10, 3)));
        // Wall clock ahead of both: counter resets.
        wall.nowMs = 2000;
        assertEquals(new HlcUpdate.Accepted(new HlcTimestamp(2000, 0)), hlc.update(new HlcTimestamp(1999, 3)));
    }

    @Test
    void rejectsARemoteTimestampTooFarAhead() {
        ManualClock wall = new ManualClock(1_000_000);
        HybridLogicalClock hlc = new HybridLogicalClock(wall, 60_000);
        HlcTimestamp mine = hlc.now();
        HlcUpdate update = hlc.update(new HlcTimestamp(1_000_000 + 60_001, 0));
        HlcUpdate.RejectedAhead rejected = assertInstanceOf(HlcUpdate.RejectedAhead.class, update);
        assertEquals(60_001, rejected.aheadMs());
        assertEquals(60_000, rejected.maxDriftMs());
        assertEquals(mine, hlc.last(), "a rejected reading leaves the clock alone");
        assertInstanceOf(HlcUpdate.Accepted.class, hlc.update(new HlcTimestamp(1_000_000 + 60_000, 0)));
    }

    @Test
    void logicalOverflowCarriesIntoThePhysicalPart() {
        ManualClock wall = new ManualClock(42);
        HybridLogicalClock hlc = new HybridLogicalClock(wall);
        hlc.update(new HlcTimestamp(42, HlcTimestamp.LOGICAL_MAX - 1));
        assertEquals(new HlcTimestamp(43, 0), hlc.now());
        assertEquals(new HlcTimestamp(43, 1), hlc.now());
    }

    @Test
    void encodesToSixtyFourBitsThatSortLikeTimestamps() {
        HlcTimestamp t = new HlcTimestamp(1_700_000_000_123L, 513);
        assertEquals(t, HlcTimestamp.decode(t.encoded()));
        assertEquals(1_700_000_000_123L << 16 | 513, t.encoded());
        assertTrue(new HlcTimestamp(5, HlcTimestamp.LOGICAL_MAX).encoded() < new HlcTimestamp(6, 0).encoded());
        HlcTimestamp max = new HlcTimestamp(HlcTimestamp.PHYSICAL_MAX_MS, HlcTimestamp.LOGICAL_MAX);
        assertEquals(Long.MAX_VALUE, max.encoded());
        assertThrows(IllegalArgumentException.class, () -> HlcTimestamp.decode(-1));
        assertThrows(IllegalArgumentException.class, () -> new HlcTimestamp(0, HlcTimestamp.LOGICAL_MAX + 1));
    }

    /**
     * Random local and receive events under a wall clock that jumps back and forth: every reading
     * is later than the last, later than any accepted remote reading, and never runs ahead of the
     * largest time seen (wall clock or accepted remote) by more than the counter-overflow carry.
     */
    @Property(tries = 200)
    void monotonicAndBoundedUnderAnErraticWallClock(@ForAll @Size(max = 200) List<@IntRange(min = -5000, max = 5000) Integer> wallSteps,
                                                    @ForAll @Size(max = 200) List<@IntRange(min = -90_000, max = 90_000) Integer> remoteOffsets) {
        ManualClock wall = new ManualClock(10_000_000);
        HybridLogicalClock hlc = new HybridLogicalClock(wall, 60_000);
        HlcTimestamp last = HlcTimestamp.ZERO;
        long maxSeenMs = 0;
        for (int i = 0; i < wallSteps.size(); i++) {
            wall.nowMs += wallSteps.get(i);
            maxSeenMs = Math.max(maxSeenMs, wall.nowMs);
            HlcTimestamp next;
            if (i < remoteOffsets.size() && remoteOffsets.get(i) % 2 == 0) {
                HlcTimestamp remote = new HlcTimestamp(wall.nowMs + remoteOffsets.get(i), i % 100);
                HlcUpdate u = hlc.update(remote);
                if (u instanceof HlcUpdate.Accepted accepted) {
                    next = accepted.now();
                    assertTrue(next.compareTo(remote) > 0);
                    maxSeenMs = Math.max(maxSeenMs, remote.physicalMs());
                } else {
                    assertTrue(remoteOffsets.get(i) > 60_000);
                    next = hlc.now();
                }
            } else {
                next = hlc.now();
            }
            assertTrue(next.compareTo(last) > 0, () -> "went from " + hlc.last() + " backwards");
            assertTrue(next.physicalMs() <= maxSeenMs + 1);
            last = next;
        }
    }
}
