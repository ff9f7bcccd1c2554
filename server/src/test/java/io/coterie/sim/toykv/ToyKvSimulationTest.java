package io.coterie.sim.toykv;

import io.coterie.sim.SimSeeds;
import io.coterie.sim.history.Anomaly;
import io.coterie.sim.history.Caught;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history checker end to end: a correct toy replicated store passes under the nemesis on every seed, and each
 * deliberately broken variant is caught. Replay: {@code mvn -q -pl server -am test
 * -Dtest=ToyKvSimulationTest#correctStorePassesEverySeed -Dsim.seed=N -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ToyKvSimulationTest {

    private static final int SEEDS = 60;
    /** A broken store must be caught within this many seeds. */
    private static final int SEEDS_TO_CATCH_A_BUG = 40;

    @Test
    void correctStorePassesEverySeed() {
        Map<String, Long> totals = new TreeMap<>();
        SimSeeds.Summary summary = SimSeeds.run(ToyKvSimulationTest.class, "correctStorePassesEverySeed", 1, SEEDS, seed -> {
            ToyKvScenario.Result r = ToyKvScenario.run(seed, ToyBug.NONE);
            if (!r.anomalies().isEmpty()) {
                throw new AssertionError(r.anomalies().size() + " anomalies, first: " + r.anomalies().get(0));
            }
            r.counts().forEach((k, v) -> totals.merge(k, v, Long::sum));
            return r.outcome();
        });
        System.out.println("[sim] toy store operations over " + summary.seeds() + " seeds: " + totals);
        assertTrue(totals.getOrDefault("write ok", 0L) > summary.seeds() * 20, "writes were acknowledged: " + totals);
        assertTrue(totals.getOrDefault("write unknown", 0L) + totals.getOrDefault("write fail", 0L) > 0, "faults bit: " + totals);
    }

    @Test
    void ackBeforeWIsCaughtAsALostWrite() {
        long seed = firstSeedCaught(ToyBug.ACK_BEFORE_W, Anomaly.Kind.LOST_WRITE);
        System.out.println("[sim] ack-before-W caught at seed " + seed);
    }

    @Test
    void lastWriteWinsIsCaughtDroppingSiblings() {
        long seed = firstSeedCaught(ToyBug.LAST_WRITE_WINS, Anomaly.Kind.SIBLING_DROPPED);
        System.out.println("[sim] last-write-wins caught at seed " + seed);
    }

    @Test
    void sameSeedSameHistory() {
        ToyKvScenario.Result a = ToyKvScenario.run(5, ToyBug.NONE);
        ToyKvScenario.Result b = ToyKvScenario.run(5, ToyBug.NONE);
        ToyKvScenario.Result c = ToyKvScenario.run(6, ToyBug.NONE);
        assertEquals(a.outcome(), b.outcome());
        assertEquals(a.history().operations().toString(), b.history().operations().toString());
        assertNotEquals(a.outcome().traceHash(), c.outcome().traceHash());
    }

    private static long firstSeedCaught(ToyBug bug, Anomaly.Kind expected) {
        return Caught.firstSeed(bug, SEEDS_TO_CATCH_A_BUG, expected, seed -> ToyKvScenario.run(seed, bug).anomalies());
    }
}
