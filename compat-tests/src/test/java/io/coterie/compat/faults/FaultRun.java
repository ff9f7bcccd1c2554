package io.coterie.compat.faults;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.sim.history.Anomaly;
import io.coterie.sim.history.History;
import io.coterie.sim.history.HistoryChecker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;

/**
 * One fault-suite run: a cluster in namespaces (or on 127.0.0.1 where they cannot be made), clients recording a
 * history while the nemesis works through its seeded schedule, then heal, settle, a final read of every key, and the
 * simulator's {@link HistoryChecker}.
 */
final class FaultRun {

    /**
     * @param name         the test method, for the summary and its replay line
     * @param replicas     N; forced to 1 when the server has no VGET (see {@link #run})
     * @param sloppyQuorum with it off and reads and writes at QUORUM (R + W > N for any N) quorum reads are checked
     */
    record Settings(String name, long seed, long faultMs, int nodes, int clients, int replicas, boolean sloppyQuorum,
                    Set<FaultKind> kinds) {
        Settings {
            kinds = Set.copyOf(kinds);
        }
    }

    /** Heal to final read: hints handed off, read repair; the final read at ALL merges every replica anyway. */
    private static final long SETTLE_MS = 10_000;
    private static final long REFORM_MS_MAX = 120_000;
    private static final long FINAL_READ_MS_MAX = 60_000;
    private static final int FIRST_LOOPBACK_PORT = 20_000;
    private static final int LAST_LOOPBACK_PORT = 20_099;

    private final Settings settings;
    private final Consumer<String> log;

    FaultRun(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    FaultSummary run() throws InterruptedException {
        long started = System.nanoTime();
        try (ClusterNetwork net = network()) {
            log.accept("[faults] network: " + net.description());
            Path root = freshRoot();
            boolean versioned = probeVersioned(net, root.resolve("probe"));
            // Without the coordinator a second replica is only where commands go while the primary is down, and it does
            // not hold the key's data (docs/request-routing.md): one copy is the only setup that can pass.
            int replicas = versioned ? settings.replicas() : 1;
            KvApi api = versioned ? new VersionedKv() : new PlainKv();
            try (FaultCluster cluster = new FaultCluster(net, root.resolve("cluster"), settings.nodes(), directives(replicas))) {
                return exercise(net, cluster, api, replicas, root, started);
            }
        }
    }

    /**
     * Namespaces where this machine allows them, else 127.0.0.1 (said in the summary). {@code -Dfaults.network=loopback}
     * forces the fallback and {@code -Dfaults.cut=route} blackhole routes instead of iptables, to exercise both paths.
     */
    private ClusterNetwork network() {
        if ("loopback".equals(System.getProperty("faults.network"))) {
            return LoopbackNetwork.create(settings.nodes(), FIRST_LOOPBACK_PORT, LAST_LOOPBACK_PORT, "-Dfaults.network=loopback");
        }
        try {
            return NamespaceNetwork.create(settings.nodes(), !"route".equals(System.getProperty("faults.cut")));
        } catch (RuntimeException e) {
            log.accept("[faults] network namespaces unavailable, falling back to 127.0.0.1 without partitions: " + e.getMessage());
            return LoopbackNetwork.create(settings.nodes(), FIRST_LOOPBACK_PORT, LAST_LOOPBACK_PORT, e.getMessage());
        }
    }

    private FaultSummary exercise(ClusterNetwork net, FaultCluster cluster, KvApi api, int replicas, Path root, long started)
            throws InterruptedException {
        cluster.form();
        Set<FaultKind> kinds = EnumSet.copyOf(settings.kinds());
        if (!net.canPartition()) {
            kinds.removeIf(FaultKind::isPartition);
        }
        List<PlannedFault> plan = FaultPlan.generate(settings.seed(),
                FaultPlan.Config.standard(settings.faultMs(), settings.nodes(), kinds));
        log.accept("[faults] seed " + settings.seed() + ": " + plan.size() + " faults planned over "
                + settings.faultMs() / 1000 + " s (" + kinds + ")");

        long workStart = System.nanoTime();
        SharedHistory history = new SharedHistory(workStart);
        Workload workload = new Workload(api, history, cluster::node, cluster.size(), settings.clients(),
                api instanceof PlainKv, settings.seed());
        Nemesis nemesis = new Nemesis(cluster, plan, log);
        workload.start();
        try {
            nemesis.run(workStart);
        } finally {
            workload.stop();
            nemesis.healAll(history.nowMs());
        }
        long faultWallSeconds = history.nowMs() / 1000;
        List<String> errors = new ArrayList<>(nemesis.errors());
        try {
            long ms = cluster.awaitAgreement(REFORM_MS_MAX);
            log.accept("[faults] healed; cluster agreed again after " + ms + " ms");
        } catch (AssertionError e) {
            errors.add("the cluster did not agree again within " + REFORM_MS_MAX + " ms of heal: " + e.getMessage());
        }
        Thread.sleep(SETTLE_MS);
        errors.addAll(finalReads(cluster, api, history));
        long checkStart = System.nanoTime();
        List<Anomaly> anomalies = HistoryChecker.check(history.history(), new HistoryChecker.Config(!settings.sloppyQuorum()));
        log.accept("[faults] checked " + history.history().size() + " operations in "
                + (System.nanoTime() - checkStart) / 1_000_000 + " ms");
        Path historyFile = root.resolve("history.txt");
        writeHistory(history, historyFile);
        log.accept("[faults] history (every operation by key, final reads): " + historyFile.toAbsolutePath());
        long runSeconds = (System.nanoTime() - started) / 1_000_000_000;
        return new FaultSummary(settings.name(), settings.seed(), net.description(), api.describe(), replicas,
                settings.faultMs() / 1000, faultWallSeconds, nemesis.injected(), FaultSummary.Counts.of(history.history()), anomalies,
                errors, runSeconds);
    }

    /** Every operation grouped by key, then the key's final read: what a person reads to judge an anomaly. */
    private static void writeHistory(SharedHistory history, Path file) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (History.Operation op : history.history().operations()) {
            byKey.computeIfAbsent(op.op().key(), k -> new ArrayList<>()).add(op.toString());
        }
        List<String> lines = new ArrayList<>();
        byKey.forEach((key, ops) -> {
            lines.add("== " + key);
            lines.addAll(ops);
            lines.add("final read " + history.history().finalReads().get(key));
        });
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private List<String> directives(int replicas) {
        return List.of("--replicas", Integer.toString(replicas), "--sloppy-quorum", settings.sloppyQuorum() ? "yes" : "no",
                // always: the property checked is that acknowledged writes survive kill -9 (everysec may lose the last second)
                "--appendfsync", "always", "--max-keys", "100000");
    }

    /** Starts one throwaway node to ask whether it knows VGET. */
    private boolean probeVersioned(ClusterNetwork net, Path dir) {
        try (FaultCluster probe = new FaultCluster(net, dir, 1, directives(settings.replicas()))) {
            probe.node(0).start();
            try (Jedis jedis = Workload.connect(probe.node(0))) {
                return VersionedKv.supported(jedis);
            }
        }
    }

    /** Each key's final read, from any node that answers; a key never read is an error (and the checker says so). */
    private List<String> finalReads(FaultCluster cluster, KvApi api, SharedHistory history) throws InterruptedException {
        List<String> errors = new ArrayList<>();
        long deadline = System.nanoTime() + FINAL_READ_MS_MAX * 1_000_000;
        int node = 0;
        for (String key : history.keys()) {
            String last = null;
            while (true) {
                ServerProcess n = cluster.node(node++ % cluster.size());
                try (Jedis jedis = Workload.connect(n)) {
                    history.finalRead(key, api.finalRead(jedis, key));
                    break;
                } catch (RuntimeException e) {
                    last = n + ": " + e.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    errors.add("no final read of " + key + " within " + FINAL_READ_MS_MAX + " ms; last: " + last);
                    break;
                }
                Thread.sleep(200);
            }
        }
        return errors;
    }

    private Path freshRoot() {
        Path root = Path.of(System.getProperty("compat.work.dir", "target"), "fault-servers",
                settings.name() + "-" + settings.seed() + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(root);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
