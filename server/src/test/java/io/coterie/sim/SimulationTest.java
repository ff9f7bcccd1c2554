package io.coterie.sim;

import io.coterie.storage.AppendFsync;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void theNemesisInjectsEveryKindWithinItsBoundsAndHealEndsEverything() {
        NemesisConfig config = NemesisConfig.everything(5);
        Simulation sim = Simulation.builder(11).nodes(5).factory(i -> new ProbeNode()).nemesis(config)
                .invariant(s -> {
                    if (s.nowMs() >= Simulation.BOOT_SPREAD_MS && s.unavailable() > config.unavailableMax()) {
                        throw new AssertionError(s.unavailable() + " nodes down at " + s.nowMs() + " ms, over " + config.unavailableMax());
                    }
                }).build();
        sim.start();
        sim.runFor(Simulation.BOOT_SPREAD_MS);
        sim.runNemesis(300_000);
        Map<FaultKind, Integer> counts = sim.faultCounts();
        for (FaultKind kind : FaultKind.values()) {
            assertTrue(counts.getOrDefault(kind, 0) > 0, "never injected " + kind + ": " + counts);
        }
        List<Integer> leftDown = sim.heal();
        assertTrue(leftDown.size() <= config.stayDownAtHealMax());
        assertEquals(leftDown.size(), sim.unavailable());
        assertEquals(Partition.none(), sim.network().partition());
        assertEquals(NetworkConditions.calm(), sim.network().conditions());
    }

    @Test
    void everysecFsyncsOnceASecondSoAPowerLossLosesAtMostTheLastSecond() {
        Simulation sim = Simulation.builder(3).nodes(1).factory(i -> new ProbeNode()).appendFsync(AppendFsync.EVERYSEC)
                .nemesis(NemesisConfig.everything(1).withKinds(java.util.Set.of())).build();
        sim.start();
        sim.runFor(Simulation.BOOT_SPREAD_MS);
        SimStore store = sim.host(0).store();
        store.put(KEY, Record.of(new byte[]{1}));
        store.awaitDurable();
        assertEquals(1, store.volatileChanges(), "everysec: awaitDurable only writes to the OS");
        sim.runFor(Simulation.EVERYSEC_PERIOD_MS);
        assertEquals(0, store.volatileChanges(), "the once-a-second fsync ran");
        sim.apply(new Fault.PowerLoss(0));
        assertNotNull(store.get(KEY, 0));
        sim.apply(new Fault.Restart(0));
        assertTrue(sim.host(0).isRunning());
    }

    @Test
    void runsAreAFunctionOfTheSeed() {
        long a = probeRun(21);
        assertEquals(a, probeRun(21));
        assertNotEquals(a, probeRun(22));
    }

    private static long probeRun(long seed) {
        Simulation sim = Simulation.builder(seed).nodes(3).factory(i -> new ProbeNode()).build();
        sim.start();
        sim.runNemesis(20_000);
        for (int i = 0; i < 3; i++) {
            if (sim.host(i).isRunning()) {
                sim.node(i, ProbeNode.class).ctx.transport().send(sim.host((i + 1) % 3).bus(), ProbeNode.ONE_WAY, new byte[]{(byte) i});
            }
        }
        sim.heal();
        sim.runFor(1_000);
        return sim.traceHash();
    }
}
