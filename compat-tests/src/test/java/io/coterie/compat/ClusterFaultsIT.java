package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * Issue #4's membership acceptance with real processes on 127.0.0.1: agreement within 5 s of each change, a
 * {@code kill -9}-ed node marked down by all others within 10 s and never falsely while alive under load, and a node
 * with the wrong cluster secret refused. Coterie only: Redis clusters are assembled differently.
 */
class ClusterFaultsIT {

    /** Issue #4: all nodes agree on membership and ring within 5 s of a change. */
    private static final long AGREE_MS_MAX = 5_000;
    /** Issue #4: a kill -9-ed node is marked down by all others within 10 s. */
    private static final long DOWN_MS_MAX = 10_000;
    /** Forming a cluster from fresh processes (not a measured change) may take longer on a loaded machine. */
    private static final long FORM_MS_MAX = 30_000;
    private static final String MAX_KEYS = "200000";
    private static final int CLIENT_TIMEOUT_MS = 10_000;

    private final ClusterNodes nodes = new ClusterNodes("--max-keys", MAX_KEYS);

    @AfterEach
    void stopAll() {
        nodes.killAll();
    }

    private static String seed(ServerProcess node) {
        return node.host() + ":" + node.port();
    }

    private static Set<String> idsOf(List<ServerProcess> live) {
        Set<String> ids = new TreeSet<>();
        live.forEach(n -> ids.add(ClusterProbe.myId(n)));
        return ids;
    }

    /**
     * 1 → 2 → 3 nodes by seeds, a 4th by CLUSTER MEET, then a SIGTERM leave back to 3: after each change every node
     * shows the same members and slot runs in CLUSTER NODES within 5 s. A joiner's change starts when its client port
     * answers PING (its JVM startup is excluded); a leave's when the leaver's process has exited.
     */
    @Test
    void threeAndFourNodesAgreeOnMembershipAndRingWithinFiveSecondsOfEachChange() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own membership; Redis clusters are assembled differently");
        ServerProcess a = nodes.start("agree-a");

        ServerProcess b = nodes.start("agree-b", "--cluster-seeds", seed(a));
        long change = System.nanoTime();
        long ms = ClusterProbe.awaitAgreement(List.of(a, b), idsOf(List.of(a, b)), change, AGREE_MS_MAX);
        System.out.println("[ClusterFaultsIT] 2nd node (seeds) agreed on by 2 nodes in " + ms + " ms");
        List<Long> times = new ArrayList<>(List.of(ms));

        ServerProcess c = nodes.start("agree-c", "--cluster-seeds", seed(a));
        change = System.nanoTime();
        ms = ClusterProbe.awaitAgreement(List.of(a, b, c), idsOf(List.of(a, b, c)), change, AGREE_MS_MAX);
        System.out.println("[ClusterFaultsIT] 3rd node (seeds) agreed on by 3 nodes in " + ms + " ms");
        times.add(ms);

        ServerProcess d = nodes.start("agree-d");
        try (Jedis jedis = ClusterProbe.connect(d)) {
            change = System.nanoTime();
            assertEquals("OK", jedis.clusterMeet(a.host(), a.port()));
        }
        ms = ClusterProbe.awaitAgreement(List.of(a, b, c, d), idsOf(List.of(a, b, c, d)), change, AGREE_MS_MAX);
        System.out.println("[ClusterFaultsIT] 4th node (CLUSTER MEET) agreed on by 4 nodes in " + ms + " ms");
        times.add(ms);

        Set<String> remaining = idsOf(List.of(a, c, d));
        b.stop();
        change = System.nanoTime();
        assertTrue(Files.readString(b.logFile()).contains("Cluster: announced LEFT"), "SIGTERM is a graceful leave");
        ms = ClusterProbe.awaitAgreement(List.of(a, c, d), remaining, change, AGREE_MS_MAX);
        System.out.println("[ClusterFaultsIT] SIGTERM leave agreed on by 3 nodes in " + ms + " ms");
        times.add(ms);
        System.out.println("[ClusterFaultsIT] agreement times (ms) join, join, meet, leave: " + times);
    }

    /**
     * 3 nodes; a writer thread runs SET/GET through JedisCluster while CLUSTER NODES is polled on every node every
     * ~250 ms: no node may ever show another as {@code fail} or {@code fail?}. Then one node is {@code kill -9}-ed and
     * both others must show it {@code fail} within 10 s.
     *
     * <p>The loaded period is {@code -Dcluster.loaded.seconds} (default 30 s to keep CI short); issue #4's full run is
     * {@code -Dcluster.loaded.seconds=120}. The timeout leaves room for that.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killedNodeIsMarkedDownWithinTenSecondsAndNoneFalselyUnderLoad() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own failure detection");
        long loadedSeconds = Long.getLong("cluster.loaded.seconds", 30);
        ServerProcess a = nodes.start("fd-a");
        ServerProcess b = nodes.start("fd-b", "--cluster-seeds", seed(a));
        ServerProcess c = nodes.start("fd-c", "--cluster-seeds", seed(a));
        List<ServerProcess> all = List.of(a, b, c);
        ClusterProbe.awaitAgreement(all, idsOf(all), System.nanoTime(), FORM_MS_MAX);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ops = new AtomicLong();
        AtomicLong writerErrors = new AtomicLong();
        AtomicReference<Throwable> firstWriterError = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            // 10 s timeouts: this test is about failure detection under load, and on a 2-core machine at load average
            // 40 the initial CLUSTER SLOTS (13 500 ranges with N = 3, a few MB) took JedisCluster over its 2 s default.
            try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(a.host(), a.port())), CLIENT_TIMEOUT_MS,
                    CLIENT_TIMEOUT_MS, 5, new GenericObjectPoolConfig<>())) {
                long i = 0;
                while (!stop.get()) {
                    String key = "load:" + (i % 20_000);
                    try {
                        cluster.set(key, "v" + i);
                        if (!("v" + i).equals(cluster.get(key))) {
                            throw new AssertionError("read-your-write failed for " + key);
                        }
                        ops.addAndGet(2);
                    } catch (RuntimeException | AssertionError e) {
                        writerErrors.incrementAndGet();
                        firstWriterError.compareAndSet(null, e);
                    }
                    i++;
                }
            }
        }, "cluster-writer");
        writer.start();

        List<String> falseDown = new ArrayList<>();
        long polls = 0;
        long loadedEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(loadedSeconds);
        try {
            while (System.nanoTime() < loadedEnd) {
                for (ServerProcess n : all) {
                    for (String line : ClusterProbe.failLines(ClusterProbe.clusterNodes(n))) {
                        falseDown.add(n + " showed: " + line);
                    }
                }
                polls++;
                Thread.sleep(250);
            }
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        System.out.println("[ClusterFaultsIT] loaded " + loadedSeconds + " s: " + ops.get() + " SET/GET ops, "
                + writerErrors.get() + " errors, " + polls + " polls of 3 nodes, " + falseDown.size()
                + " fail/fail? sightings of live nodes");
        assertTrue(falseDown.isEmpty(), "live nodes shown fail/fail?: " + falseDown);
        assertEquals(0, writerErrors.get(), "writer errors on a healthy cluster, first: " + firstWriterError.get());
        assertTrue(ops.get() > 0, "the writer ran");

        String victim = ClusterProbe.myId(c);
        c.kill9();
        long killed = System.nanoTime();
        long deadline = killed + TimeUnit.MILLISECONDS.toNanos(DOWN_MS_MAX);
        long[] seenDownMs = {-1, -1};
        List<ServerProcess> observers = List.of(a, b);
        while (System.nanoTime() < deadline && (seenDownMs[0] < 0 || seenDownMs[1] < 0)) {
            for (int i = 0; i < 2; i++) {
                if (seenDownMs[i] < 0 && ClusterProbe.showsDown(ClusterProbe.clusterNodes(observers.get(i)), victim)) {
                    seenDownMs[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                }
            }
            Thread.sleep(50);
        }
        System.out.println("[ClusterFaultsIT] kill -9'd node marked fail by " + a + " after " + seenDownMs[0]
                + " ms, by " + b + " after " + seenDownMs[1] + " ms");
        assertTrue(seenDownMs[0] >= 0 && seenDownMs[1] >= 0, "not marked fail by both within " + DOWN_MS_MAX
                + " ms: " + ClusterProbe.clusterNodes(a) + " / " + ClusterProbe.clusterNodes(b));
    }

    /**
     * Two nodes share {@code --cluster-secret right}; a third with {@code --cluster-secret wrong} seeds from the
     * first. It never appears in the others' CLUSTER NODES for 10 s, and the first logs the refused handshake at WARN.
     */
    @Test
    void nodeWithWrongClusterSecretIsRefused() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's cluster secret");
        ServerProcess a = nodes.start("secret-a", "--cluster-secret", "right");
        ServerProcess b = nodes.start("secret-b", "--cluster-secret", "right", "--cluster-seeds", seed(a));
        ClusterProbe.awaitAgreement(List.of(a, b), idsOf(List.of(a, b)), System.nanoTime(), FORM_MS_MAX);

        ServerProcess intruder = nodes.start("secret-wrong", "--cluster-secret", "wrong", "--cluster-seeds", seed(a));
        String intruderId = ClusterProbe.myId(intruder);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean refusalLogged = false;
        while (System.nanoTime() < end) {
            for (ServerProcess good : List.of(a, b)) {
                String reply = ClusterProbe.clusterNodes(good);
                assertTrue(!ClusterProbe.ids(reply).contains(intruderId),
                        good + " shows the node with the wrong secret: " + reply);
            }
            refusalLogged |= Files.readString(a.logFile()).lines()
                    .anyMatch(l -> l.contains("WARN") && l.contains("Refused bus connection"));
            Thread.sleep(250);
        }
        String refusal = Files.readString(a.logFile()).lines()
                .filter(l -> l.contains("Refused bus connection")).findFirst().orElse("(none)");
        System.out.println("[ClusterFaultsIT] " + a + " refusal: " + refusal);
        assertTrue(refusalLogged, "no WARN 'Refused bus connection' in " + a.logFile() + ":\n" + a.logTail());
    }
}
