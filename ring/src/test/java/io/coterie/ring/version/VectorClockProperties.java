package io.coterie.ring.version;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorClockProperties {

    /** Clocks built the way the system builds them: increments at a handful of nodes, at random times. */
    @Provide
    Arbitrary<VectorClock> clocks() {
        Arbitrary<int[]> step = Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(0, 1000))
                .as((n, t) -> new int[]{n, t});
        return step.list().ofMaxSize(25).map(VectorClockProperties::build);
    }

    private static VectorClock build(List<int[]> steps) {
        VectorClock c = VectorClock.empty();
        for (int[] s : steps) {
            c = c.increment(VectorClockTest.node(s[0]), s[1]);
        }
        return c;
    }

    @Property(tries = 300)
    void mergeIsCommutative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property(tries = 300)
    void mergeIsAssociative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b, @ForAll("clocks") VectorClock c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property(tries = 200)
    void mergeIsIdempotent(@ForAll("clocks") VectorClock a) {
        assertEquals(a, a.merge(a));
    }

    @Property(tries = 300)
    void compareIsConsistentWithMerge(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        VectorClock m = a.merge(b);
        assertTrue(m.descends(a) && m.descends(b));
        CausalOrder order = a.compare(m);
        assertTrue(order == CausalOrder.BEFORE || order == CausalOrder.EQUAL, order::toString);
        CausalOrder ab = a.compare(b);
        assertEquals(ab, switch (b.compare(a)) {
            case BEFORE -> CausalOrder.AFTER;
            case AFTER -> CausalOrder.BEFORE;
            case EQUAL -> CausalOrder.EQUAL;
            case CONCURRENT -> CausalOrder.CONCURRENT;
        });
        // Merge is the least upper bound: equal to b exactly when a is already in b's history.
        assertEquals(ab == CausalOrder.BEFORE || ab == CausalOrder.EQUAL, b.descends(a));
    }

    @Property(tries = 200)
    void incrementMovesStrictlyAfter(@ForAll("clocks") VectorClock a, @ForAll int nodeIndex) {
        VectorClock next = a.increment(VectorClockTest.node(1 + Math.floorMod(nodeIndex, 12)), 5000);
        assertTrue(next.size() <= VectorClock.TRUNCATE_AFTER);
        if (a.size() < VectorClock.TRUNCATE_AFTER) {
            assertEquals(CausalOrder.AFTER, next.compare(a));
        }
    }

    @Property(tries = 200)
    void encodingRoundTrips(@ForAll("clocks") VectorClock a) {
        assertEquals(a, VectorClock.decode(a.encode()));
    }

    @Property(tries = 500)
    void garbageNeverDecodesToAnythingButAClearError(@ForAll byte[] garbage) {
        try {
            VectorClock c = VectorClock.decode(garbage);
            assertEquals(c, VectorClock.decode(c.encode()));
        } catch (VersionDecodeException expected) {
            assertTrue(!expected.getMessage().isEmpty());
        }
    }
}
