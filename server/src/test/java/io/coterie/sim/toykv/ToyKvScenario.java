package io.coterie.sim.toykv;

import io.coterie.sim.NemesisConfig;
import io.coterie.sim.SimSeeds;
import io.coterie.sim.Simulation;
import io.coterie.sim.history.Anomaly;
import io.coterie.sim.history.History;
import io.coterie.sim.history.HistoryChecker;
import io.coterie.storage.AppendFsync;

import java.util.List;
import java.util.Map;

/**
 * One seeded key-value run against the toy store: clients under the nemesis, heal, anti-entropy settles, replicas must
 * have converged, then a final read at ALL of every key, and the {@link HistoryChecker} on the history.
 */
final class ToyKvScenario {

    static final int NODES = 3;
    static final int WRITE_QUORUM = 2;
    static final int READ_QUORUM = 2;
    static final int CLIENTS = 4;
    static final List<String> KEYS = List.of("k0", "k1", "k2");
    static final long WARMUP_MS = 1_500;
    static final long FAULT_PHASE_MS = 30_000;
    static final long CLIENT_TIMEOUT_MS = 3_000;
    /** Anti-entropy pushes to one random peer a second; 10 s makes every pair meet with overwhelming probability. */
    static final long SETTLE_MS = 10_000;
    static final long FINAL_READ_BOUND_MS = 5_000;

    record Result(SimSeeds.Outcome outcome, History history, List<Anomaly> anomalies, Map<String, Long> counts) {
    }

    private ToyKvScenario() {
    }

    static Result run(long seed, ToyBug bug) {
        NemesisConfig nemesis = NemesisConfig.everything(NODES).withStayDownAtHealMax(0);
        Simulation sim = Simulation.builder(seed).nodes(NODES).appendFsync(AppendFsync.ALWAYS).nemesis(nemesis)
                .factory(i -> new ToyKvNode(WRITE_QUORUM, bug)).build();
        History history = new History();
        KvClients clients = new KvClients(sim, history, sim.random().stream("clients"), CLIENTS, KEYS, READ_QUORUM, CLIENT_TIMEOUT_MS);
        sim.start();
        sim.runFor(WARMUP_MS);
        clients.runUntil(sim.nowMs() + FAULT_PHASE_MS);
        sim.runNemesis(FAULT_PHASE_MS);
        sim.heal();
        sim.runFor(SETTLE_MS);
        requireConverged(sim);
        finalReads(sim, clients, history);
        boolean quorumsIntersect = READ_QUORUM + WRITE_QUORUM > NODES;  // and the toy has no sloppy quorum
        List<Anomaly> anomalies = HistoryChecker.check(history, new HistoryChecker.Config(quorumsIntersect));
        return new Result(SimSeeds.Outcome.of(sim),
                history, anomalies, history.counts());
    }

    /** After heal and anti-entropy, every replica holds the same version of every key. */
    private static void requireConverged(Simulation sim) {
        for (String key : KEYS) {
            ToyState first = null;
            for (int i = 0; i < sim.size(); i++) {
                ToyState state = sim.node(i, ToyKvNode.class).stateOf(key);
                if (first != null && !first.siblings().keySet().equals(state.siblings().keySet())) {
                    throw new AssertionError("replicas did not converge on " + key + " within " + SETTLE_MS + " ms of heal: node 0 has "
                            + first.siblings().keySet() + ", node " + i + " has " + state.siblings().keySet());
                }
                first = state;
            }
        }
    }

    private static void finalReads(Simulation sim, KvClients clients, History history) {
        for (String key : KEYS) {
            clients.call(0, new ToyRequest.Get(key, NODES), (outcome, reply) -> {
                if (reply instanceof ToyRequest.Values values) {
                    history.finalRead(key, values.values());
                }
            });
        }
        sim.runFor(FINAL_READ_BOUND_MS);
        if (!history.finalReads().keySet().containsAll(KEYS)) {
            throw new AssertionError("final reads at ALL did not all succeed after heal: got " + history.finalReads().keySet());
        }
    }
}
