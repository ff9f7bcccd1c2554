package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.RedisCli;
import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * Issue #4's data acceptance with real processes: 100 000 keys written to 3 nodes through JedisCluster are all read
 * back through JedisCluster, Lettuce's RedisClusterClient and {@code redis-cli -c} after a 4th node joins with
 * CLUSTER MEET, and through JedisCluster again after one of the original nodes leaves gracefully on SIGTERM.
 * Coterie only.
 */
class ClusterDataIT {

    private static final int KEYS = 100_000;
    private static final int THREADS = 4;
    private static final int CLI_SAMPLE = 1_000;
    /** Forming, and agreement after a change that moves a quarter of 100 000 keys, on a loaded 2-core machine. */
    private static final long SETTLE_MS_MAX = 60_000;

    private final ClusterNodes nodes = new ClusterNodes("--max-keys", "200000");

    @AfterEach
    void stopAll() {
        nodes.killAll();
    }

    private static String key(int i) {
        return "key:" + i;
    }

    private static String value(int i) {
        return "value-" + i;
    }

    private static Set<String> idsOf(List<ServerProcess> live) {
        Set<String> ids = new TreeSet<>();
        live.forEach(n -> ids.add(ClusterProbe.myId(n)));
        return ids;
    }

    private static long localKeysSum(List<ServerProcess> live) {
        return live.stream().mapToLong(ClusterProbe::localKeys).sum();
    }

    /**
     * Waits until {@code live} hold {@code copies} keys in all (a write is acknowledged after W of its N replicas,
     * the rest follow), then checks there are not more: only the slots a change gave a node were copied to it.
     */
    private static void awaitCopies(List<ServerProcess> live, long copies, long sinceNanos) throws InterruptedException {
        while (localKeysSum(live) < copies) {
            assertTrue(System.nanoTime() - sinceNanos < TimeUnit.MILLISECONDS.toNanos(SETTLE_MS_MAX),
                    live.size() + " nodes hold " + localKeysSum(live) + " of " + copies + " copies");
            Thread.sleep(100);
        }
        assertEquals(copies, localKeysSum(live), "copies held by " + live.size() + " nodes");
    }

    /** Runs {@code body} for 0..KEYS-1 split over THREADS threads; rethrows the first failure. */
    private static void parallel(IntConsumer body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < THREADS; t++) {
            int from = t * KEYS / THREADS;
            int to = (t + 1) * KEYS / THREADS;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = from; i < to; i++) {
                        body.accept(i);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "cluster-data-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a worker failed", failures.get(0));
        }
    }

    /** Reads every key through a fresh JedisCluster seeded at {@code seed}; returns how many had the right value. */
    private static long jedisReadAll(ServerProcess seed, List<String> wrong) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(seed.host(), seed.port())))) {
            parallel(i -> {
                String got = cluster.get(key(i));
                if (value(i).equals(got)) {
                    ok.incrementAndGet();
                } else if (wrong.size() < 20) {
                    wrong.add(key(i) + "=" + got);
                }
            });
        }
        return ok.get();
    }

    private static long lettuceReadAll(ServerProcess seed, List<String> wrong) throws Exception {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seed.host(), seed.port()));
        long ok = 0;
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterAsyncCommands<String, String> async = conn.async();
            for (int from = 0; from < KEYS; from += 1000) {
                List<RedisFuture<String>> batch = new ArrayList<>(1000);
                for (int i = from; i < from + 1000; i++) {
                    batch.add(async.get(key(i)));
                }
                for (int i = from; i < from + 1000; i++) {
                    String got = batch.get(i - from).get(30, TimeUnit.SECONDS);
                    if (value(i).equals(got)) {
                        ok++;
                    } else if (wrong.size() < 20) {
                        wrong.add(key(i) + "=" + got);
                    }
                }
            }
        } finally {
            client.shutdown();
        }
        return ok;
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void log(String message) {
        System.out.println("[ClusterDataIT] " + message);
    }

    /** No node reports a joining member any more, and the joiner owns slots in every node's CLUSTER NODES. */
    private static void awaitJoinerUp(List<ServerProcess> live, String joinerId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS_MAX);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean up = true;
            for (ServerProcess n : live) {
                String info = ClusterProbe.clusterInfo(n);
                last = n + ": " + info;
                up &= info.contains("coterie_nodes_joining:0");
                boolean ownsSlots = false;
                for (String line : ClusterProbe.clusterNodes(n).split("\n")) {
                    String[] f = line.split(" ");
                    ownsSlots |= f[0].equals(joinerId) && f.length > 8;
                }
                up &= ownsSlots;
            }
            if (up) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("joiner " + joinerId + " not UP with slots within " + SETTLE_MS_MAX + " ms; " + last);
    }

    /**
     * Writes 100 000 keys to 3 nodes, joins a 4th with CLUSTER MEET and reads every key through JedisCluster and
     * Lettuce and 1 000 through {@code redis-cli -c} on the joiner, then SIGTERMs an original node (a graceful leave)
     * and reads every key through JedisCluster again. The sum of the nodes' INFO keyspace counts is printed, not
     * asserted, after the join and the leave: the previous holders keep their copies of moved keys today.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void hundredThousandKeysSurviveAJoinAndAGracefulLeave() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own membership and data movement");
        ServerProcess a = nodes.start("data-a");
        ServerProcess b = nodes.start("data-b", "--cluster-seeds", a.host() + ":" + a.port());
        ServerProcess c = nodes.start("data-c", "--cluster-seeds", a.host() + ":" + a.port());
        ClusterProbe.awaitAgreement(List.of(a, b, c), idsOf(List.of(a, b, c)), System.nanoTime(), SETTLE_MS_MAX);

        long t0 = System.nanoTime();
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(a.host(), a.port())))) {
            parallel(i -> assertEquals("OK", cluster.set(key(i), value(i))));
        }
        long wroteMs = secondsSince(t0);
        awaitCopies(List.of(a, b, c), (long) KEYS * ClusterProbe.copies(3), t0);
        long held = localKeysSum(List.of(a, b, c));
        log("wrote " + KEYS + " keys through JedisCluster (" + THREADS + " threads) in " + wroteMs
                + " ms; the 3 nodes hold " + held + " in all");

        ServerProcess d = nodes.start("data-d");
        String joinerId = ClusterProbe.myId(d);
        long change;
        try (Jedis jedis = ClusterProbe.connect(d)) {
            change = System.nanoTime();
            assertEquals("OK", jedis.clusterMeet(a.host(), a.port()));
        }
        List<ServerProcess> four = List.of(a, b, c, d);
        long agreeMs = ClusterProbe.awaitAgreement(four, idsOf(four), change, SETTLE_MS_MAX);
        awaitJoinerUp(four, joinerId);
        long upMs = secondsSince(change);
        // A node started alone and met into the cluster rejoins it as JOINING and owns slots only once its pull is
        // complete: shown UP with slots means it holds every key of its slots.
        assertTrue(Files.readString(d.logFile()).contains("Cluster: pulled "), "UP only after the pull");
        held = localKeysSum(four);
        log("join: 4 nodes agreed after " + agreeMs + " ms, joiner shown UP with slots (its pull complete) after "
                + upMs + " ms; joiner holds " + ClusterProbe.localKeys(d) + ", the 4 nodes " + held + " in all");

        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        t0 = System.nanoTime();
        long jedisOk = jedisReadAll(d, wrong);
        log("after join, JedisCluster read " + jedisOk + "/" + KEYS + " in " + secondsSince(t0) + " ms");
        assertEquals(KEYS, jedisOk, "JedisCluster after the join; wrong: " + wrong);

        t0 = System.nanoTime();
        long lettuceOk = lettuceReadAll(b, wrong);
        log("after join, Lettuce RedisClusterClient read " + lettuceOk + "/" + KEYS + " in " + secondsSince(t0) + " ms");
        assertEquals(KEYS, lettuceOk, "Lettuce after the join; wrong: " + wrong);

        StringBuilder script = new StringBuilder();
        for (int s = 0; s < CLI_SAMPLE; s++) {
            script.append("GET ").append(key(s * (KEYS / CLI_SAMPLE) + s % 100)).append('\n');
        }
        t0 = System.nanoTime();
        RedisCli.Result cli = new RedisCli(d).runWithInput(script.toString().getBytes(StandardCharsets.UTF_8), "-c");
        String[] lines = cli.trimmed().split("\n");
        long cliOk = 0;
        for (int s = 0; s < CLI_SAMPLE && s < lines.length; s++) {
            if (lines[s].strip().equals(value(s * (KEYS / CLI_SAMPLE) + s % 100))) {
                cliOk++;
            } else if (wrong.size() < 20) {
                wrong.add("redis-cli line " + s + ": " + lines[s]);
            }
        }
        log("after join, redis-cli -c -p " + d.port() + " read " + cliOk + "/" + CLI_SAMPLE + " in "
                + secondsSince(t0) + " ms (exit " + cli.exitCode() + ")");
        assertEquals(0, cli.exitCode(), cli.stderr());
        assertEquals(CLI_SAMPLE, cliOk, "redis-cli -c after the join; wrong: " + wrong);

        a.stop();
        change = System.nanoTime();
        assertTrue(Files.readString(a.logFile()).contains("Cluster: announced LEFT"), "SIGTERM is a graceful leave");
        List<ServerProcess> three = List.of(b, c, d);
        agreeMs = ClusterProbe.awaitAgreement(three, idsOf(three), change, SETTLE_MS_MAX);
        held = localKeysSum(three);
        log("leave: 3 nodes agreed " + agreeMs + " ms after the SIGTERM-ed node exited; they hold " + held + " in all");

        t0 = System.nanoTime();
        jedisOk = jedisReadAll(b, wrong);
        log("after leave, JedisCluster read " + jedisOk + "/" + KEYS + " in " + secondsSince(t0) + " ms");
        assertEquals(KEYS, jedisOk, "JedisCluster after the leave; wrong: " + wrong);
    }

    /**
     * 4 nodes hold 10 000 keys on their replicas; one is {@code kill -9}-ed, marked down and forgotten with CLUSTER
     * FORGET on one survivor: every survivor that becomes a replica of the dead node's slots pulls them from a
     * surviving replica, until the 3 survivors hold every key min(N, 3) times, and every key reads back.
     */
    @Test
    void aForgottenNodesKeysAreReReplicatedByTheSurvivors() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own membership and data movement");
        assumeTrue(ClusterProbe.REPLICAS >= 2, "with one replica a dead node's keys have no surviving copy");
        int keys = 10_000;
        ServerProcess a = nodes.start("forget-a");
        ServerProcess b = nodes.start("forget-b", "--cluster-seeds", a.host() + ":" + a.port());
        ServerProcess c = nodes.start("forget-c", "--cluster-seeds", a.host() + ":" + a.port());
        ServerProcess d = nodes.start("forget-d", "--cluster-seeds", a.host() + ":" + a.port());
        List<ServerProcess> four = List.of(a, b, c, d);
        ClusterProbe.awaitAgreement(four, idsOf(four), System.nanoTime(), SETTLE_MS_MAX);
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(a.host(), a.port())))) {
            for (int i = 0; i < keys; i++) {
                assertEquals("OK", cluster.set(key(i), value(i)));
            }
        }
        awaitCopies(four, (long) keys * ClusterProbe.copies(4), System.nanoTime());

        String victim = ClusterProbe.myId(d);
        d.kill9();
        List<ServerProcess> three = List.of(a, b, c);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS_MAX);
        while (!three.stream().allMatch(n -> ClusterProbe.showsDown(ClusterProbe.clusterNodes(n), victim))) {
            assertTrue(System.nanoTime() < deadline, "the killed node is not marked fail everywhere");
            Thread.sleep(100);
        }
        long change;
        try (Jedis jedis = ClusterProbe.connect(a)) {
            change = System.nanoTime();
            assertEquals("OK", jedis.clusterForget(victim));
        }
        long agreeMs = ClusterProbe.awaitAgreement(three, idsOf(three), change, SETTLE_MS_MAX);
        long expected = (long) keys * ClusterProbe.copies(3);
        awaitCopies(three, expected, change);
        log("forget: 3 survivors agreed " + agreeMs + " ms after CLUSTER FORGET and hold " + localKeysSum(three)
                + " copies (" + expected + " expected) after " + secondsSince(change) + " ms");
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(a.host(), a.port())))) {
            for (int i = 0; i < keys; i++) {
                if (!value(i).equals(cluster.get(key(i))) && wrong.size() < 20) {
                    wrong.add(key(i));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "keys lost with the forgotten node: " + wrong);
    }
}
