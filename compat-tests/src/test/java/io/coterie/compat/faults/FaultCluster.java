package io.coterie.compat.faults;

import io.coterie.compat.ClusterProbe;
import io.coterie.compat.harness.CoterieServerProcess;
import io.coterie.compat.harness.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The fault suite's Coterie nodes inside a {@link ClusterNetwork}: node 0 first, the rest seeded from it, all with one
 * cluster secret (the bus accepts only 127.0.0.1 without one). Each node keeps its port and data directory across
 * kill -9 and restarts.
 */
final class FaultCluster implements AutoCloseable {

    /** The one file a wiped node keeps: its identity, so it comes back as the same member with an empty disk. */
    private static final String IDENTITY_FILE = "cluster-state.conf";
    private static final long FORM_MS_MAX = 90_000;
    /** A start or restart on a machine whose load is many times its cores can take well over the harness's minute. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private final ClusterNetwork network;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final boolean[] paused;

    FaultCluster(ClusterNetwork network, Path root, int count, List<String> directives) {
        this.network = network;
        this.paused = new boolean[count];
        String secret = "faults-" + ProcessHandle.current().pid();
        for (int i = 0; i < count; i++) {
            List<String> all = new ArrayList<>(List.of("--cluster-secret", secret));
            if (i > 0) {
                all.addAll(List.of("--cluster-seeds", network.host(0) + ":" + network.port(0)));
            }
            all.addAll(directives);
            nodes.add(CoterieServerProcess.at("fault-n" + i, network.host(i), network.port(i), root.resolve("n" + i),
                    network.launchPrefix(i), STARTUP_TIMEOUT, all));
        }
    }

    /** Starts the nodes one by one (parallel JVM starts on a loaded machine only slow each other) and waits for agreement. */
    void form() throws InterruptedException {
        nodes.forEach(ServerProcess::start);
        awaitAgreement(FORM_MS_MAX);
    }

    /** Milliseconds until every node shows the same members and ring with none failed; throws after {@code maxMs}. */
    long awaitAgreement(long maxMs) throws InterruptedException {
        Set<String> ids = new TreeSet<>();
        for (ServerProcess n : nodes) {
            ids.add(ClusterProbe.myId(n));
        }
        return ClusterProbe.awaitAgreement(nodes, ids, System.nanoTime(), maxMs);
    }

    int size() {
        return nodes.size();
    }

    ServerProcess node(int i) {
        return nodes.get(i);
    }

    ClusterNetwork network() {
        return network;
    }

    void kill9(int i) {
        nodes.get(i).kill9();
    }

    void restart(int i) {
        nodes.get(i).start();
    }

    synchronized void pause(int i) {
        nodes.get(i).pause();
        paused[i] = true;
    }

    synchronized void resume(int i) {
        nodes.get(i).resume();
        paused[i] = false;
    }

    /** Deletes a stopped node's data but not its identity: a disk replaced under a node that keeps its name. */
    void wipe(int i) {
        ServerProcess n = nodes.get(i);
        if (n.isAlive()) {
            throw new IllegalStateException(n + " must be stopped before its data is wiped");
        }
        try (Stream<Path> entries = Files.list(n.dataDir())) {
            for (Path p : entries.filter(p -> !p.getFileName().toString().equals(IDENTITY_FILE)).toList()) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + n.dataDir(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** SIGCONT every paused node (a stopped JVM ignores SIGTERM), then kill -9 all: the data is not needed any more. */
    @Override
    public synchronized void close() {
        for (int i = 0; i < nodes.size(); i++) {
            if (paused[i] && nodes.get(i).isAlive()) {
                resume(i);
            }
        }
        nodes.stream().filter(ServerProcess::isAlive).forEach(ServerProcess::kill9);
    }
}
