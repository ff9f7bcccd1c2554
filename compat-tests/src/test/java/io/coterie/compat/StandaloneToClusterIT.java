package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Real processes: two nodes that each took writes while standalone (bare records, no versions stored), one of them
 * kill -9-ed and restarted in between, are met into one cluster. Every key survives with its value and TTL, each
 * directory turns clustered for good, the first background repair after the meeting copies each node's records to
 * the other and leaves both hashing level, and a key both wrote becomes two siblings (neither overwrites the other).
 * Coterie only.
 */
class StandaloneToClusterIT {

    private static final int KEYS = 2_000;
    private static final int DELETED = 100;
    private static final int SHARED = 100;
    private static final int ONLY_D = 50;
    private static final long SETTLE_MS_MAX = 90_000;
    /** What a lone node logs when it steps back to JOINING (ClusterRuntime). */
    private static final String REJOINING = "was alone and met a cluster that owns the ring: rejoining it as JOINING";

    private final ClusterNodes nodes = new ClusterNodes("--max-keys", "100000");

    @AfterEach
    void stopAll() {
        nodes.killAll();
    }

    @Test
    @Timeout(240)
    void standaloneWritesOfTwoNodesSurviveTheirMeetingIntact() throws Exception {
        assumeTrue(Target.current() == Target.COTERIE, "Coterie's own standalone storage");
        assumeTrue(ClusterProbe.REPLICAS >= 2, "both nodes replicate every key");
        ServerProcess a = nodes.start("standalone-a");
        try (Jedis jedis = ClusterProbe.connect(a)) {
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < KEYS; i++) {
                p.set("k:" + i, "a-" + i);
            }
            for (int i = 0; i < DELETED; i++) {
                p.del("k:" + i);
            }
            for (int i = 0; i < SHARED; i++) {
                p.set("shared:" + i, "from-a");
            }
            p.set("ttl:a", "expiring", SetParams.setParams().ex(3_600));
            p.sync();
        }
        assertEquals("standalone", mode(a));
        a.kill9();
        a.restart();
        assertEquals("standalone", mode(a), "still standalone after kill -9 and restart");
        assertEquals(KEYS - DELETED + SHARED + 1, ClusterProbe.localKeys(a));

        ServerProcess d = nodes.start("standalone-d");
        try (Jedis jedis = ClusterProbe.connect(d)) {
            for (int i = 0; i < SHARED; i++) {
                jedis.set("shared:" + i, "from-d");
            }
            for (int i = 0; i < ONLY_D; i++) {
                jedis.set("only-d:" + i, "d-" + i);
            }
            assertEquals("OK", jedis.clusterMeet(a.host(), a.port()));
        }
        Set<String> ids = new TreeSet<>(List.of(ClusterProbe.myId(a), ClusterProbe.myId(d)));
        long agreeMs = ClusterProbe.awaitAgreement(List.of(a, d), ids, System.nanoTime(), SETTLE_MS_MAX);
        assertEquals("clustered", mode(a));
        assertEquals("clustered", mode(d));

        // No CLUSTER REPAIR: the met node pulls what the other holds, and meeting a peer starts anti-entropy, whose first
        // background repair (30 s later) sends the other way what no pull fetched.
        long metNanos = System.nanoTime();
        long total = KEYS - DELETED + SHARED + 1 + ONLY_D;
        await(() -> ClusterProbe.localKeys(a) == total && ClusterProbe.localKeys(d) == total,
                "both nodes hold all " + total + " keys");
        long levelMs = (System.nanoTime() - metNanos) / 1_000_000;
        await(() -> !root(a).isEmpty() && root(a).equals(root(d)), "equal digest roots");
        // MEET went to d naming a: a joins d. d showed itself UP to a, so it founds the cluster and never rejoins, even
        // when a has finished pulling before d's next gossip round (both used to go JOINING and pull from each other).
        assertTrue(Files.readString(a.logFile()).contains(REJOINING), "the named node rejoins as JOINING");
        assertFalse(Files.readString(d.logFile()).contains(REJOINING), "the node that sent MEET stays UP");
        System.out.println("[StandaloneToClusterIT] met after " + agreeMs + " ms; both nodes hold all " + total
                + " keys " + levelMs + " ms later (pulls, then the first background repair); digest roots " + root(a) + " / "
                + root(d));

        for (ServerProcess n : List.of(a, d)) {
            try (Jedis jedis = ClusterProbe.connect(n)) {
                for (int i = 0; i < KEYS; i += 37) {
                    String expected = i < DELETED ? null : "a-" + i;
                    assertEquals(expected, jedis.get("k:" + i), "k:" + i + " through " + n);
                }
                for (int i = 0; i < ONLY_D; i += 7) {
                    assertEquals("d-" + i, jedis.get("only-d:" + i));
                }
                for (int i = 0; i < SHARED; i += 9) {
                    assertEquals(Set.of("from-a", "from-d"), vgetValues(jedis, "shared:" + i),
                            "two standalone writes of one key are siblings, through " + n);
                }
                long ttl = jedis.ttl("ttl:a");
                assertTrue(ttl > 3_000 && ttl <= 3_600, "the TTL travelled with the record: " + ttl);
            }
        }
        try (Jedis jedis = ClusterProbe.connect(a)) {
            assertEquals("OK", jedis.set("k:" + DELETED, "after"));
        }
        try (Jedis jedis = ClusterProbe.connect(d)) {
            assertEquals("after", jedis.get("k:" + DELETED));
            assertEquals(Set.of("after"), vgetValues(jedis, "k:" + DELETED), "a clustered write supersedes the bare one");
        }
    }

    /** The directory's mode as saved, checked against what INFO cluster reports. */
    private static String mode(ServerProcess node) throws IOException {
        String saved = Files.readAllLines(node.dataDir().resolve("versioning.conf")).stream()
                .filter(l -> l.startsWith("mode ")).map(l -> l.substring("mode ".length()).trim()).findFirst().orElse("");
        try (Jedis jedis = ClusterProbe.connect(node)) {
            assertTrue(jedis.info("cluster").contains("record_versions:" + saved), "INFO cluster agrees with " + saved);
        }
        return saved;
    }

    private static Set<String> vgetValues(Jedis jedis, String key) {
        List<?> reply = (List<?>) jedis.sendCommand(() -> "VGET".getBytes(StandardCharsets.UTF_8), key);
        Set<String> values = new HashSet<>();
        for (Object v : (List<?>) reply.get(1)) {
            values.add(new String((byte[]) v, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String root(ServerProcess node) {
        try (Jedis jedis = ClusterProbe.connect(node)) {
            return jedis.info("cluster").lines().filter(l -> l.startsWith("repair_digest_root:"))
                    .map(l -> l.substring("repair_digest_root:".length()).trim()).findFirst().orElse("");
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MS_MAX;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "not within " + SETTLE_MS_MAX + " ms: " + what);
            Thread.sleep(200);
        }
    }
}
