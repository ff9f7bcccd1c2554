package io.coterie.sim.gossip;

import io.coterie.ring.membership.ForgetOutcome;
import io.coterie.ring.membership.GossipConfig;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.sim.Fault;
import io.coterie.sim.NemesisConfig;
import io.coterie.sim.NodeState;
import io.coterie.sim.SimHost;
import io.coterie.sim.SimRandom;
import io.coterie.sim.SimSeeds;
import io.coterie.sim.Simulation;
import io.coterie.storage.AppendFsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One seeded membership run, VOPR-shaped: boot and converge, a fault phase under the nemesis with an operator who now
 * and then forgets a crashed node, heal, then liveness within a bound. Safety ({@link GossipSafety}) is checked at
 * every view published throughout.
 */
final class GossipScenario {

    static final int NODES = 5;
    /** The seeded batch varies the cluster size over this range, to cover small clusters' special cases. */
    static final int NODES_MIN = 2;
    static final int NODES_MAX = 7;
    static final long WARMUP_MS = 5_000;
    static final long FAULT_PHASE_MS = 60_000;
    /** Convergence bound after heal: detection takes ~5–7 s (docs/membership.md), restarts ~1 s; ample margin. */
    static final long CONVERGENCE_BOUND_MS = 30_000;
    static final long OPERATOR_PERIOD_MS = 5_000;
    static final long STAY_CONVERGED_MS = 10_000;
    static final long TICK_JITTER_MS = 100;
    static final GossipConfig CONFIG = GossipConfig.defaults();

    record Result(int nodes, SimSeeds.Outcome outcome, long convergedAfterHealMs, List<Integer> leftDown, int forgets, long viewsChecked) {
    }

    private GossipScenario() {
    }

    /** A run whose cluster size (NODES_MIN..NODES_MAX) and nemesis come from the seed. */
    static Result run(long seed) {
        int nodes = new SimRandom(seed).stream("cluster-size").nextInt(NODES_MIN, NODES_MAX + 1);
        return run(seed, nodes, true, NemesisConfig.everything(nodes));
    }

    static Result run(long seed, int nodes, boolean persistGeneration, NemesisConfig nemesis) {
        GossipSafety safety = new GossipSafety();
        Simulation sim = build(seed, nodes, persistGeneration, nemesis, safety);
        sim.start();
        sim.runFor(WARMUP_MS);
        int[] forgets = {0};
        RandomGenerator operator = sim.random().stream("operator");
        scheduleOperator(sim, operator, sim.nowMs() + FAULT_PHASE_MS, forgets);
        sim.runNemesis(FAULT_PHASE_MS);
        long healedAt = sim.nowMs();
        List<Integer> leftDown = sim.heal();
        long convergedAfterMs = awaitConvergence(sim, healedAt, "heal (left down: " + leftDown + ")");
        SimSeeds.Outcome outcome = SimSeeds.Outcome.of(sim);
        return new Result(sim.size(), outcome, convergedAfterMs, leftDown, forgets[0], safety.viewsChecked());
    }

    /**
     * Scripted: node 2 crashes, its clock is stepped back a minute (NTP correcting a fast clock) and it restarts.
     * With the generation persisted it rejoins as usual; without, it comes back older than its previous life.
     */
    static void restartWithClockStepBack(long seed, boolean persistGeneration, NemesisConfig nemesis) {
        Simulation sim = build(seed, NODES, persistGeneration, nemesis, new GossipSafety());
        sim.start();
        sim.runFor(WARMUP_MS);
        sim.apply(new Fault.Crash(2));
        sim.runFor(1_000);
        sim.apply(new Fault.ClockSkew(2, -60_000, 0));
        sim.apply(new Fault.Restart(2));
        awaitConvergence(sim, sim.nowMs(), "restart of node 2 with its clock a minute back");
    }

    private static Simulation build(long seed, int nodes, boolean persistGeneration, NemesisConfig nemesis, GossipSafety safety) {
        return Simulation.builder(seed).nodes(nodes).appendFsync(AppendFsync.ALWAYS).nemesis(nemesis)
                .invariant(GossipSafety::noRunningNodeForgotten)
                .factory(i -> new GossipSimNode(CONFIG, nemesis.unavailableMax() + 1, TICK_JITTER_MS, persistGeneration, true, safety))
                .build();
    }

    /** Runs until converged (within the bound, else fails), then requires it to stay converged for a while. */
    private static long awaitConvergence(Simulation sim, long sinceMs, String after) {
        long convergedAt = sim.loop().runUntil(() -> GossipLiveness.unconverged(sim).isEmpty(), 100, sinceMs + CONVERGENCE_BOUND_MS);
        if (convergedAt < 0) {
            List<String> recent = sim.loop().trace().recent();
            throw new AssertionError("membership did not converge within " + CONVERGENCE_BOUND_MS + " ms of " + after + ": "
                    + GossipLiveness.unconverged(sim).orElse("?") + "\n  last events:\n    "
                    + String.join("\n    ", recent.subList(Math.max(0, recent.size() - 20), recent.size())));
        }
        // Liveness that flaps is not liveness.
        sim.runFor(STAY_CONVERGED_MS);
        Optional<String> after2 = GossipLiveness.unconverged(sim);
        if (after2.isPresent()) {
            throw new AssertionError("membership converged after " + after + ", then diverged again: " + after2.get());
        }
        return convergedAt - sinceMs;
    }

    /** Every period, maybe CLUSTER FORGET a crashed node at a running node that sees it DOWN (else it is refused). */
    private static void scheduleOperator(Simulation sim, RandomGenerator random, long untilMs, int[] forgets) {
        sim.loop().after(OPERATOR_PERIOD_MS, "operator", () -> {
            if (sim.nowMs() >= untilMs) {
                return;
            }
            List<SimHost> crashed = new ArrayList<>();
            List<SimHost> running = new ArrayList<>();
            for (SimHost host : sim.hosts()) {
                if (host.isRunning()) {
                    running.add(host);
                } else if (host.state() == NodeState.CRASHED) {
                    crashed.add(host);
                }
            }
            if (!crashed.isEmpty() && !running.isEmpty() && random.nextDouble() < 0.5) {
                SimHost target = crashed.get(random.nextInt(crashed.size()));
                SimHost at = running.get(random.nextInt(running.size()));
                GossipSimNode node = sim.node(at.index(), GossipSimNode.class);
                Optional<Member> seen = node.gossiper().view().member(target.id());
                if (seen.isPresent() && seen.get().liveness() == Liveness.DOWN && !node.isStopped()
                        && node.forget(target.id()) instanceof ForgetOutcome.Forgotten) {
                    forgets[0]++;
                }
            }
            scheduleOperator(sim, random, untilMs, forgets);
        });
    }
}
