package io.coterie.sim.gossip;

import io.coterie.sim.NemesisConfig;
import io.coterie.sim.SimSeeds;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership (the real Gossiper and GossipCodec over the simulated bus) under every fault the nemesis has.
 * Replay one seed: {@code mvn -q -pl server -am test -Dtest=GossipSimulationTest#manySeeds -Dsim.seed=N
 * -Dsurefire.failIfNoSpecifiedTests=false}; soak: add {@code -Dsim.soak.seconds=600}.
 */
class GossipSimulationTest {

    private static final int SEEDS = 300;

    @Test
    void manySeeds() {
        long[] converge = {0, 0};
        int[] forgets = {0};
        SimSeeds.Summary summary = SimSeeds.run(GossipSimulationTest.class, "manySeeds", 1, SEEDS, seed -> {
            GossipScenario.Result r = GossipScenario.run(seed);
            converge[0] = Math.max(converge[0], r.convergedAfterHealMs());
            converge[1] += r.convergedAfterHealMs();
            forgets[0] += r.forgets();
            return r.outcome();
        });
        System.out.println("[sim] membership converged after heal in at most " + converge[0] + " ms (mean "
                + converge[1] / Math.max(1, summary.seeds()) + " ms); operator forgets: " + forgets[0]);
        assertTrue(summary.faultsInjected() > summary.seeds() * 10, "the nemesis injected faults: " + summary);
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        NemesisConfig nemesis = NemesisConfig.everything(GossipScenario.NODES);
        GossipScenario.Result a = GossipScenario.run(42, GossipScenario.NODES, true, nemesis);
        GossipScenario.Result b = GossipScenario.run(42, GossipScenario.NODES, true, nemesis);
        GossipScenario.Result c = GossipScenario.run(43, GossipScenario.NODES, true, nemesis);
        assertEquals(a.outcome(), b.outcome(), "same seed, same trace");
        assertEquals(a.viewsChecked(), b.viewsChecked());
        assertNotEquals(a.outcome().traceHash(), c.outcome().traceHash(), "different seed, different trace");
    }

    /**
     * The checks can fail: a node that takes its generation straight from a clock stepped back across its restart
     * comes back older than its previous life, so peers keep the dead incarnation and never see the new one LIVE.
     */
    @Test
    void livenessCatchesAGenerationThatGoesBackwards() {
        NemesisConfig onlyClockSkew = NemesisConfig.everything(GossipScenario.NODES).withKinds(Set.of());
        AssertionError caught = assertThrows(AssertionError.class, () -> GossipScenario.restartWithClockStepBack(7, false, onlyClockSkew));
        assertTrue(caught.getMessage().contains("did not converge"), caught.getMessage());
        GossipScenario.restartWithClockStepBack(7, true, onlyClockSkew);
    }
}
