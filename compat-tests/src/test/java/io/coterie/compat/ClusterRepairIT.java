package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Issue #6 with real processes: 3 nodes, replicas 3. A node that missed writes — stopped while writes and deletes
 * went on, or restarted with its data directory wiped (same node id) — is brought level by one CLUSTER REPAIR on it:
 * afterwards the three nodes' digest roots (INFO cluster {@code repair_digest_root}, a Merkle root over every slot's
 * digest) are equal, every key reads back with {@code CL ONE} through each node, deleted keys stay deleted and TTLs
 * survive. Coterie only.
 */
class ClusterRepairIT {

    private static final int KEYS = 3_000;
    private static final long SETTLE_MS_MAX = 90_000;
    private static final ProtocolCommand CL = () -> SafeEncoder.encode("CL");

    // No hints: the stopped node must miss the writes, as one down past the hint window does.
    private final ClusterNodes nodes = new ClusterNodes("--max-keys", "200000", "--repair-interval-seconds", "0",
            "--request-timeout-ms", "20000", "--hinted-handoff", "no");

    @AfterEach
    void stopAll() {
        nodes.killAll();
    }

    @Test
    void aNodeStoppedWhileWritesWentOnIsLevelAfterOneRepair() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own anti-entropy");
        List<ServerProcess> three = formThree("stop");
        ServerProcess a = three.get(0);
        ServerProcess c = three.get(2);
        write(a, 0, KEYS, "v1-");
        awaitRootsEqual(three);
        c.kill9();
        awaitDown(a, c);
        write(a, 0, KEYS / 10, "v2-");                       // c misses these overwrites,
        delete(a, KEYS / 10, KEYS / 10 + 50);                // these deletes,
        setWithTtl(a, "ttl-key", "t", 3_600);                // and this key with a TTL
        c.restart();
        awaitLevelCandidates(three);
        assertNotEquals(root(a), root(c), "c missed writes");

        String report = repair(c);

        assertTrue(report.contains("peers_failed:0"), report);
        assertLevel(three);
        for (ServerProcess n : three) {
            try (Jedis jedis = ClusterProbe.connect(n)) {
                for (int i = 0; i < KEYS; i++) {
                    String expected = i < KEYS / 10 ? "v2-" + i : i < KEYS / 10 + 50 ? null : "v1-" + i;
                    assertEquals(expected, clOneGet(jedis, "key:" + i), "key:" + i + " through " + n);
                }
                long ttl = jedis.ttl("ttl-key");
                assertTrue(ttl > 3_000 && ttl <= 3_600, "TTL through " + n + ": " + ttl);
            }
        }
    }

    @Test
    void aNodeWithAWipedDataDirectoryIsRefilledByOneRepair() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own anti-entropy");
        List<ServerProcess> three = formThree("wipe");
        ServerProcess a = three.get(0);
        ServerProcess c = three.get(2);
        write(a, 0, KEYS, "v-");
        delete(a, 0, 30);
        setWithTtl(a, "ttl-key", "t", 3_600);
        awaitRootsEqual(three);
        c.kill9();
        wipeKeepingIdentity(c.dataDir());
        c.restart();
        awaitLevelCandidates(three);
        assertEquals(0, ClusterProbe.localKeys(c), "c starts empty");

        String report = repair(c);

        assertTrue(report.contains("peers_failed:0"), report);
        assertLevel(three);
        try (Jedis jedis = ClusterProbe.connect(c)) {
            for (int i = 0; i < KEYS; i++) {
                assertEquals(i < 30 ? null : "v-" + i, clOneGet(jedis, "key:" + i), "key:" + i);
            }
            assertTrue(jedis.ttl("ttl-key") > 3_000);
        }
    }

    private List<ServerProcess> formThree(String prefix) throws InterruptedException {
        ServerProcess a = nodes.start(prefix + "-a");
        ServerProcess b = nodes.start(prefix + "-b", "--cluster-seeds", a.host() + ":" + a.port());
        ServerProcess c = nodes.start(prefix + "-c", "--cluster-seeds", a.host() + ":" + a.port());
        List<ServerProcess> three = List.of(a, b, c);
        awaitLevelCandidates(three);
        return three;
    }

    /** All three agree on members and ring, and each has its repair index built. */
    private static void awaitLevelCandidates(List<ServerProcess> three) throws InterruptedException {
        Set<String> ids = new TreeSet<>();
        three.forEach(n -> ids.add(ClusterProbe.myId(n)));
        ClusterProbe.awaitAgreement(three, ids, System.nanoTime(), SETTLE_MS_MAX);
        await(() -> three.stream().allMatch(n -> infoField(n, "repair_index_ready").equals("1")), "repair indexes built");
    }

    private static void awaitDown(ServerProcess observer, ServerProcess down) throws InterruptedException {
        await(() -> ClusterProbe.clusterNodes(observer).lines()
                .anyMatch(l -> l.contains(":" + down.port() + "@") && l.contains(",fail")), down + " marked down by " + observer);
    }

    /** The replicas keep writing to each other after a client's write is acknowledged: wait for the last copies. */
    private static void awaitRootsEqual(List<ServerProcess> three) throws InterruptedException {
        await(() -> root(three.get(0)).equals(root(three.get(1))) && root(three.get(1)).equals(root(three.get(2))),
                "replicas converged after the load");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MS_MAX;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "not within " + SETTLE_MS_MAX + " ms: " + what);
            Thread.sleep(100);
        }
    }

    private static void assertLevel(List<ServerProcess> three) {
        String root = root(three.get(0));
        for (ServerProcess n : three) {
            assertEquals(root, root(n), "digest root of " + n);
        }
    }

    private static String repair(ServerProcess node) {
        try (Jedis jedis = new Jedis(node.host(), node.port(), 300_000)) {
            return SafeEncoder.encode((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "REPAIR"));
        }
    }

    private static String root(ServerProcess node) {
        return infoField(node, "repair_digest_root");
    }

    private static String infoField(ServerProcess node, String field) {
        try (Jedis jedis = ClusterProbe.connect(node)) {
            return jedis.info("cluster").lines().filter(l -> l.startsWith(field + ":"))
                    .map(l -> l.substring(field.length() + 1).trim()).findFirst().orElse("");
        }
    }

    private static String clOneGet(Jedis jedis, String key) {
        Object reply = jedis.sendCommand(CL, "ONE", "GET", key);
        return reply == null ? null : SafeEncoder.encode((byte[]) reply);
    }

    private static void write(ServerProcess node, int from, int to, String prefix) {
        try (Jedis jedis = ClusterProbe.connect(node)) {
            for (int i = from; i < to; i++) {
                jedis.set("key:" + i, prefix + i);
            }
        }
    }

    private static void delete(ServerProcess node, int from, int to) {
        try (Jedis jedis = ClusterProbe.connect(node)) {
            for (int i = from; i < to; i++) {
                assertEquals(1, jedis.del("key:" + i));
            }
        }
    }

    private static void setWithTtl(ServerProcess node, String key, String value, long seconds) {
        try (Jedis jedis = ClusterProbe.connect(node)) {
            jedis.setex(key, seconds, value);
        }
    }

    /** Removes everything in the data directory but the cluster state file, which holds the node's id. */
    private static void wipeKeepingIdentity(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> !p.getFileName().toString().equals("cluster-state.conf")).toList()) {
                try (Stream<Path> tree = Files.walk(p)) {
                    for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
    }
}
