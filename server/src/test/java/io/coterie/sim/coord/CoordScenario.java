package io.coterie.sim.coord;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.Topology;
import io.coterie.sim.Fault;
import io.coterie.sim.FaultKind;
import io.coterie.sim.NemesisConfig;
import io.coterie.sim.Partition;
import io.coterie.sim.SimHost;
import io.coterie.sim.SimRandom;
import io.coterie.sim.SimSeeds;
import io.coterie.sim.Simulation;
import io.coterie.sim.gossip.GossipSafety;
import io.coterie.sim.history.Anomaly;
import io.coterie.sim.history.History;
import io.coterie.sim.history.HistoryChecker;
import io.coterie.storage.AppendFsync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One seeded run of the real coordinator: 3 to 5 nodes (from the seed), N = 3, sloppy quorum and hinted handoff off
 * (hinted handoff is not in the simulation yet), clients under {@code NemesisConfig.everything} for the fault phase,
 * heal, membership settles, then per key a read-repairing {@code CL ALL VGET}, a check that every home replica now
 * holds the same versions, and the final {@code CL QUORUM VGET} that the {@link HistoryChecker} judges the history by.
 */
final class CoordScenario {

    static final int NODES_MIN = 3;
    static final int NODES_MAX = 5;
    static final int REPLICAS = 3;
    /** Fewer than production's 256: rings are rebuilt at every boot and membership change, and placement is not under test. */
    static final int VNODES = 64;
    static final int CLIENTS = 5;
    /** Versioned keys (VSET/VDEL with contexts: the strong checks) and plain keys (SET/DEL). */
    static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "p0", "p1");
    static final long WARMUP_BOUND_MS = 10_000;
    static final long FAULT_PHASE_MS = 20_000;
    static final long REQUEST_TIMEOUT_MS = 1_000;
    /** A forwarded request waits for the coordinator's own deadline, then its own: more than twice it. */
    static final long CLIENT_TIMEOUT_MS = 3 * REQUEST_TIMEOUT_MS;
    static final long CONVERGENCE_BOUND_MS = 30_000;
    static final long FINAL_READ_BOUND_MS = 5_000;
    static final int REPAIR_READ_ATTEMPTS = 5;
    /** Hints are retried with backoff once their home is live again; after the heal they must all be delivered. */
    static final long HANDOFF_BOUND_MS = 60_000;

    /** @param divergences keys whose home replicas still disagreed after the repairing ALL read, and how */
    record Result(int nodes, SimSeeds.Outcome outcome, History history, List<Anomaly> anomalies, List<String> divergences,
                  Map<String, Long> counts) {
    }

    private CoordScenario() {
    }

    static Result run(long seed, CoordinatorBug bug) {
        return run(seed, bug, null);
    }

    /**
     * With sloppy quorum on ({@code hintsRoot} given; production's default), writes may be acknowledged by fallbacks
     * holding hints, so a quorum read may miss them until handoff: the checker drops the stale-read rule and keeps the
     * rest (no acknowledged write lost, no sibling dropped, nothing resurrected), and after the heal every hint must
     * be handed off before the final reads.
     */
    static Result runSloppy(long seed, Path hintsRoot) {
        return run(seed, CoordinatorBug.NONE, hintsRoot);
    }

    private static Result run(long seed, CoordinatorBug bug, Path hintsRoot) {
        int nodes = new SimRandom(seed).stream("cluster-size").nextInt(NODES_MIN, NODES_MAX + 1);
        NemesisConfig nemesis = NemesisConfig.everything(nodes).withStayDownAtHealMax(0);
        GossipSafety safety = new GossipSafety();
        boolean sloppy = hintsRoot != null;
        Map<String, Long> tally = new TreeMap<>();
        CoordinatorSimNode.Settings settings = new CoordinatorSimNode.Settings(REPLICAS, VNODES, REQUEST_TIMEOUT_MS,
                sloppy, bug, hintsRoot, tally);
        Simulation sim = Simulation.builder(seed).nodes(nodes).appendFsync(AppendFsync.ALWAYS).nemesis(nemesis)
                .factory(i -> new CoordinatorSimNode(settings, safety))
                .traceLinesKept(DebugTrace.linesKept()).build();
        History history = new History();
        CoordClients clients = new CoordClients(sim, history, sim.random().stream("clients"), CLIENTS, KEYS,
                Math.min(REPLICAS, nodes), CLIENT_TIMEOUT_MS);
        sim.start();
        await(sim, 0, WARMUP_BOUND_MS, "boot");
        clients.runUntil(sim.nowMs() + FAULT_PHASE_MS);
        sim.runNemesis(FAULT_PHASE_MS);
        long healedAt = sim.nowMs();
        sim.heal();
        await(sim, healedAt, CONVERGENCE_BOUND_MS, "heal");
        sim.runFor(CLIENT_TIMEOUT_MS); // every client's last operation has completed or timed out
        if (sloppy) {
            awaitHandoff(sim);
        }
        List<String> divergences = new ArrayList<>();
        for (String key : KEYS) {
            repairRead(sim, clients, key);
            divergence(sim, key).ifPresent(divergences::add);
            finalRead(sim, clients, history, key);
        }
        int n = Math.min(REPLICAS, nodes);
        DebugTrace.write(seed, sim, history);
        HistoryChecker.Config config = new HistoryChecker.Config(!sloppy,
                (write, read) -> clients.requiredOf(write.id()) + clients.requiredOf(read.id()) > n);
        for (SimHost host : sim.hosts()) {
            sim.node(host.index(), CoordinatorSimNode.class).tallyInto(tally);
        }
        Map<String, Long> counts = new TreeMap<>(history.counts());
        if (sloppy) {
            counts.putAll(tally);
        }
        return new Result(nodes, SimSeeds.Outcome.of(sim), history, HistoryChecker.check(history, config), divergences,
                counts);
    }

    /**
     * Scripted: 3 settled nodes, node 0 crashes, is cut off from the others and restarts; a client then sends it
     * {@code CL QUORUM SET}. Returns the reply's first line.
     */
    static String writeToIsolatedRestartedNode(CoordinatorBug bug) {
        int nodes = 3;
        Scripted run = Scripted.settled(nodes, bug);
        Simulation sim = run.sim();
        sim.apply(new Fault.Crash(0));
        sim.apply(new Fault.Cut(Partition.split(Set.of(0), nodes), FaultKind.PARTITION_ISOLATE));
        sim.apply(new Fault.Restart(0));
        sim.runFor(2_000);
        return run.firstLine(ConsistencyLevel.QUORUM, "SET", "k0", "alone");
    }

    /**
     * Scripted (seed 139478204617963's shape): 4 settled nodes; nodes 0 and 1 crash, are cut off together from 2 and
     * 3, restart and hear from each other. A client sends node 0 {@code CL QUORUM SET} of a key whose replicas hold
     * at most one of the two. Returns the reply's first line: with the ring remembered, two of its three replicas are
     * down and the write is refused; a node that forgot the ring sees a two-node cluster and acknowledges it.
     */
    static String quorumWriteAfterTwoNodesRestartInAPartition(CoordinatorBug bug) {
        int nodes = 4;
        Scripted run = Scripted.settled(nodes, bug);
        Simulation sim = run.sim();
        String key = keyWithAtMostOneOf(sim.node(0, CoordinatorSimNode.class).topology(), sim.host(0).id(), sim.host(1).id());
        sim.apply(new Fault.Crash(0));
        sim.apply(new Fault.Crash(1));
        sim.apply(new Fault.Cut(Partition.split(Set.of(0, 1), nodes), FaultKind.PARTITION_SPLIT));
        sim.apply(new Fault.Restart(0));
        sim.apply(new Fault.Restart(1));
        sim.runFor(3_000);
        return run.firstLine(ConsistencyLevel.QUORUM, "SET", key, "split-brain");
    }

    /** A scripted run: settled nodes (seed 1, no nemesis of its own) and one client that talks to node 0. */
    private record Scripted(Simulation sim, CoordClients clients) {
        static Scripted settled(int nodes, CoordinatorBug bug) {
            return settled(nodes, bug, AppendFsync.ALWAYS);
        }

        static Scripted settled(int nodes, CoordinatorBug bug, AppendFsync fsync) {
            CoordinatorSimNode.Settings settings = new CoordinatorSimNode.Settings(REPLICAS, VNODES, REQUEST_TIMEOUT_MS, bug);
            Simulation sim = Simulation.builder(1).nodes(nodes).appendFsync(fsync)
                    .nemesis(NemesisConfig.everything(nodes)).factory(i -> new CoordinatorSimNode(settings, new GossipSafety())).build();
            CoordClients clients = new CoordClients(sim, new History(), sim.random().stream("clients"), 1, KEYS, REPLICAS,
                    CLIENT_TIMEOUT_MS);
            sim.start();
            await(sim, 0, WARMUP_BOUND_MS, "boot");
            return new Scripted(sim, clients);
        }

        /** Sends {@code CL level command…} to node 0; the reply's first line, e.g. "+OK" or "-NOQUORUM …". */
        String firstLine(ConsistencyLevel level, String... command) {
            return firstLine(0, level, command);
        }

        String firstLine(int node, ConsistencyLevel level, String... command) {
            Reply reply = call(sim, clients, node, level, command);
            return reply instanceof Reply.Error e ? "-" + e.text() : reply instanceof Reply.Simple ok ? "+" + ok.text() : String.valueOf(reply);
        }
    }

    /**
     * Scripted, {@code appendfsync everysec}: the coordinator of k0 acknowledges {@code SET k0 first} (with a replica's
     * ack), loses power before its next fsync and so loses its own copy, restarts, and acknowledges {@code SET k0 second}.
     * Its clock also came back 5 s behind. Returns the values a read-repairing {@code CL ALL VGET k0} then shows, and
     * a plain GET. The second SET must be there: the restarted coordinator never saw the first, so the first may stay
     * as a sibling, but neither may silently replace the other; and GET, last-writer-wins, must show the second.
     */
    /** What {@link #blindWriteAfterTheCoordinatorLostItsCopy} saw: VGET's values and a plain GET's reply. */
    record AfterLostCopy(List<String> values, String get) {
    }

    static AfterLostCopy blindWriteAfterTheCoordinatorLostItsCopy(CoordinatorBug bug) {
        Scripted run = Scripted.settled(3, bug, AppendFsync.EVERYSEC);
        Simulation sim = run.sim();
        NodeId coordinatorId = sim.node(0, CoordinatorSimNode.class).topology().replicasOf("k0".getBytes(StandardCharsets.UTF_8)).get(0);
        int coordinator = indexOf(sim, coordinatorId);
        sim.runFor(Simulation.EVERYSEC_PERIOD_MS / 2); // the next fsync is at least 0.5 s away
        String first = run.firstLine(coordinator, ConsistencyLevel.QUORUM, "SET", "k0", "first");
        if (!first.equals("+OK")) {
            throw new AssertionError("first SET: " + first);
        }
        sim.apply(new Fault.PowerLoss(coordinator)); // a process crash would keep what reached the OS
        sim.apply(new Fault.ClockSkew(coordinator, -5_000, 0)); // and its clock comes back 5 s behind
        sim.apply(new Fault.Restart(coordinator));
        sim.runFor(3_000);
        String second = run.firstLine(coordinator, ConsistencyLevel.QUORUM, "SET", "k0", "second");
        if (!second.equals("+OK")) {
            throw new AssertionError("second SET: " + second);
        }
        sim.runFor(2_000);
        Reply read = call(sim, run.clients(), (coordinator + 1) % 3, ConsistencyLevel.ALL, "VGET", "k0");
        if (!(read instanceof Reply.Array)) {
            throw new AssertionError("CL ALL VGET k0: " + read);
        }
        Reply get = call(sim, run.clients(), (coordinator + 1) % 3, ConsistencyLevel.QUORUM, "GET", "k0");
        String got = get instanceof Reply.Bulk bulk ? new String(bulk.bytes(), StandardCharsets.UTF_8) : String.valueOf(get);
        return new AfterLostCopy(CoordClients.values(read), got);
    }

    private static String keyWithAtMostOneOf(Topology t, NodeId a, NodeId b) {
        for (int i = 0; ; i++) {
            String key = "split-" + i;
            List<NodeId> replicas = t.replicasOf(key.getBytes(StandardCharsets.UTF_8));
            if (!(replicas.contains(a) && replicas.contains(b))) {
                return key;
            }
        }
    }

    /** Every hint handed off to its home replica, within a bound. */
    private static void awaitHandoff(Simulation sim) {
        long since = sim.nowMs();
        if (sim.loop().runUntil(() -> hintsPending(sim) == 0, 100, since + HANDOFF_BOUND_MS) < 0) {
            throw new AssertionError(hintsPending(sim) + " hints still pending " + HANDOFF_BOUND_MS + " ms after the heal settled");
        }
    }

    private static long hintsPending(Simulation sim) {
        long pending = 0;
        for (SimHost host : sim.hosts()) {
            pending += sim.node(host.index(), CoordinatorSimNode.class).hintsPending();
        }
        return pending;
    }

    /** Every node running, and each sees every node LIVE in a ring of all of them. */
    private static Optional<String> unsettled(Simulation sim) {
        for (SimHost host : sim.hosts()) {
            if (!host.isRunning()) {
                return Optional.of(host + " is " + host.state());
            }
            Topology t = sim.node(host.index(), CoordinatorSimNode.class).topology();
            if (t.ring().members().size() != sim.size()) {
                return Optional.of(host + " has " + t.ring().members().size() + " ring members");
            }
            for (Member m : t.view().members().values()) {
                if (m.liveness() != Liveness.LIVE) {
                    return Optional.of(host + " sees " + m.id().value().substring(0, 6) + " " + m.liveness());
                }
            }
        }
        return Optional.empty();
    }

    private static void await(Simulation sim, long sinceMs, long boundMs, String after) {
        if (sim.loop().runUntil(() -> unsettled(sim).isEmpty(), 100, sinceMs + boundMs) < 0) {
            throw new AssertionError("membership did not settle within " + boundMs + " ms of " + after + ": "
                    + unsettled(sim).orElse("?"));
        }
    }

    /** CL ALL VGET of the key (read repair to every home replica), retried a few times if a message was lost. */
    private static void repairRead(Simulation sim, CoordClients clients, String key) {
        String last = "no attempt";
        for (int attempt = 0; attempt < REPAIR_READ_ATTEMPTS; attempt++) {
            Reply reply = call(sim, clients, attempt % sim.size(), ConsistencyLevel.ALL, "VGET", key);
            if (reply instanceof Reply.Array) {
                return;
            }
            last = String.valueOf(reply);
        }
        throw new AssertionError("CL ALL VGET " + key + " failed " + REPAIR_READ_ATTEMPTS + " times after heal: " + last);
    }

    /** After the ALL read's blocking repair every home replica holds the same versions of the key; else how they differ. */
    private static Optional<String> divergence(Simulation sim, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Topology t = sim.node(0, CoordinatorSimNode.class).topology();
        SiblingSet first = null;
        NodeId firstId = null;
        for (NodeId id : t.replicasOf(k)) {
            SiblingSet here = sim.node(indexOf(sim, id), CoordinatorSimNode.class).store().versions(k);
            if (first != null && !first.equals(here)) {
                return Optional.of("home replicas of " + key + " disagree after a repairing ALL read: " + firstId
                        + " has " + first + ", " + id + " has " + here);
            }
            first = here;
            firstId = id;
        }
        return Optional.empty();
    }

    private static void finalRead(Simulation sim, CoordClients clients, History history, String key) {
        Reply reply = call(sim, clients, sim.size() - 1, ConsistencyLevel.QUORUM, "VGET", key);
        if (!(reply instanceof Reply.Array)) {
            throw new AssertionError("final CL QUORUM VGET " + key + " failed after heal: " + reply);
        }
        history.finalRead(key, CoordClients.values(reply));
    }

    private static Reply call(Simulation sim, CoordClients clients, int node, ConsistencyLevel level, String... command) {
        Reply[] got = {null};
        boolean[] answered = {false};
        clients.call(-1, node, level, CoordClients.words(command), reply -> {
            got[0] = reply;
            answered[0] = true;
        });
        sim.loop().runUntil(() -> answered[0], 10, sim.nowMs() + FINAL_READ_BOUND_MS);
        return got[0];
    }

    private static int indexOf(Simulation sim, NodeId id) {
        for (SimHost host : sim.hosts()) {
            if (host.id().equals(id)) {
                return host.index();
            }
        }
        throw new IllegalArgumentException("no host " + id);
    }
}
