package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Issue #5's acceptance with real processes on 127.0.0.1 (N = 3, R = W = QUORUM by default): writes and reads keep
 * succeeding through Jedis and Lettuce while a node is {@code kill -9}-ed; with it down {@code CL ALL} fails with
 * NOQUORUM on 3 nodes while QUORUM succeeds (on 5 nodes sloppy quorum lets a fallback stand in, so ALL succeeds); hints kept for it drain after its restart, after which every replica holds every key
 * (each node's own copy read with {@code CL ONE} on that node); concurrent VSETs with one context become siblings that
 * a VSET with the merged context resolves. Coterie only.
 */
class QuorumIT {

    private static final long FORM_MS_MAX = 60_000;
    private static final int KEYS = 1_000;

    private final List<ServerProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.stream().filter(ServerProcess::isAlive).forEach(ServerProcess::kill9);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void threeNodesKeepQuorumThroughAKilledNodeAndItsHintsDrainAfterRestart() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's quorum coordinator");
        List<ServerProcess> cluster = cluster("q3", 3);
        survivesAKilledNode(cluster, cluster.get(2));
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void fiveNodesKeepQuorumThroughAKilledNodeAndItsHintsDrainAfterRestart() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's quorum coordinator");
        List<ServerProcess> cluster = cluster("q5", 5);
        survivesAKilledNode(cluster, cluster.get(3));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void concurrentVsetsWithOneContextBecomeSiblingsThatAVsetResolves() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's versioned commands");
        List<ServerProcess> cluster = cluster("sib", 3);
        try (Jedis one = ClusterProbe.connect(cluster.get(0)); Jedis two = ClusterProbe.connect(cluster.get(1))) {
            assertEquals("OK", one.set("doc", "v0"));
            byte[] context = vgetContext(one, "doc");
            assertEquals("OK", vset(one, "doc", context, "from-one"));
            assertEquals("OK", vset(two, "doc", context, "from-two"));
            Set<String> siblings = vgetValues(two, "doc");
            assertEquals(Set.of("from-one", "from-two"), siblings, "two writers with one context: two siblings");
            assertTrue(siblings.contains(one.get("doc")), "GET shows one of the siblings (the latest)");

            assertEquals("OK", vset(two, "doc", vgetContext(two, "doc"), "merged"));
            for (ServerProcess node : cluster) {
                try (Jedis j = ClusterProbe.connect(node)) {
                    assertEquals(Set.of("merged"), vgetValues(j, "doc"), node + " after the resolving VSET");
                }
            }
        }
    }

    /** Writes through {@code victim}'s death, checks NOQUORUM at ALL, restarts it and checks every replica's copy. */
    private void survivesAKilledNode(List<ServerProcess> cluster, ServerProcess victim) throws Exception {
        List<ServerProcess> survivors = cluster.stream().filter(n -> n != victim).toList();
        // Taken while every node is up: CLUSTER SLOTS leaves out replicas judged down, as Redis does.
        Map<Integer, List<Integer>> replicasBySlot = replicaPorts(cluster.get(0));
        Map<String, String> expected = new LinkedHashMap<>();
        try (Jedis jedis = ClusterProbe.connect(cluster.get(0))) {
            for (int i = 0; i < KEYS; i++) {
                expected.put("before:" + i, "b" + i);
                assertEquals("OK", jedis.set("before:" + i, "b" + i));
            }
        }
        String victimId = ClusterProbe.myId(victim);
        victim.kill9();
        long killed = System.nanoTime();

        // At once, before the failure detector says so: every QUORUM write and read must succeed.
        int failures = 0;
        try (Jedis jedis = ClusterProbe.connect(survivors.get(0));
             RedisClient lettuce = RedisClient.create(RedisURI.create(survivors.get(1).host(), survivors.get(1).port()))) {
            RedisCommands<String, String> sync = lettuce.connect().sync();
            for (int i = 0; i < KEYS; i++) {
                String jk = "during-jedis:" + i;
                String lk = "during-lettuce:" + i;
                String jv = "j" + i;
                String lv = "l" + i;
                failures += "OK".equals(tryJedis(() -> jedis.set(jk, jv))) ? 0 : 1;
                failures += "OK".equals(tryLettuce(() -> sync.set(lk, lv))) ? 0 : 1;
                expected.put(jk, jv);
                expected.put(lk, lv);
            }
            long writeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            int wrongReads = 0;
            for (Map.Entry<String, String> e : expected.entrySet()) {
                wrongReads += e.getValue().equals(tryLettuce(() -> sync.get(e.getKey()))) ? 0 : 1;
            }
            System.out.printf("[QuorumIT] %d nodes, one kill -9'd: %d QUORUM writes in %d ms after the kill, %d failed;"
                    + " %d QUORUM reads, %d wrong%n", cluster.size(), 2 * KEYS, writeMs, failures, expected.size(),
                    wrongReads);
            assertEquals(0, failures, "QUORUM writes with one node down");
            assertEquals(0, wrongReads, "QUORUM reads with one node down");
        }

        awaitDown(survivors, victimId);
        // Keys the dead node is a replica of (with 5 nodes and N = 3, most keys are not on it).
        String writeKey = keyReplicatedOn(replicasBySlot, victim, "all-key:");
        String readKey = expected.keySet().stream()
                .filter(k -> replicasBySlot.get(JedisClusterCRC16.getSlot(k)).contains(victim.port()))
                .findFirst().orElseThrow();
        try (Jedis jedis = ClusterProbe.connect(survivors.get(0))) {
            String all = tryJedis(() -> text(jedis.sendCommand(() -> bytes("CL"), "ALL", "SET", writeKey, "x")));
            String allRead = tryJedis(() -> text(jedis.sendCommand(() -> bytes("CL"), "ALL", "GET", readKey)));
            System.out.println("[QuorumIT] with the node down: CL ALL SET -> " + all + " ; CL ALL GET -> " + allRead);
            if (cluster.size() > 3) {
                // Sloppy quorum (on by default): a live fallback stands in for the down replica and counts.
                assertEquals("OK", all, "CL ALL SET with a fallback standing in for the down replica");
                assertEquals(expected.get(readKey), allRead, "CL ALL GET with a fallback standing in");
            } else {
                assertTrue(all.startsWith("NOQUORUM"), "CL ALL SET with a replica down: " + all);
                assertTrue(allRead.startsWith("NOQUORUM"), "CL ALL GET with a replica down: " + allRead);
            }
            assertEquals("OK", jedis.set("quorum-key", "q"), "QUORUM still succeeds");
            expected.put("quorum-key", "q");
            long pending = 0;
            for (ServerProcess s : survivors) {
                pending += hintsPendingFor(s, victimId);
            }
            System.out.println("[QuorumIT] hints pending for the dead node across survivors: " + pending);
            assertTrue(pending > 0, "writes made while a replica was down leave hints for it");
        }

        victim.restart();
        long restarted = System.nanoTime();
        ClusterProbe.awaitAgreement(cluster, idsOf(cluster), restarted, FORM_MS_MAX);
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long pending;
        do {
            pending = 0;
            for (ServerProcess s : survivors) {
                pending += hintsPendingFor(s, victimId);
            }
            if (pending > 0) {
                Thread.sleep(200);
            }
        } while (pending > 0 && System.nanoTime() < drainDeadline);
        System.out.println("[QuorumIT] hints drained " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted)
                + " ms after the restart; still pending: " + pending);
        assertEquals(0, pending, "hints drain once the node is back");

        // Every replica holds every key: each node's own copy, read with CL ONE on that node (a home replica
        // answers a CL ONE read from its own copy before any other reply arrives).
        int copiesChecked = 0;
        List<String> missing = new ArrayList<>();
        for (ServerProcess node : cluster) {
            try (Jedis jedis = ClusterProbe.connect(node)) {
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    int slot = JedisClusterCRC16.getSlot(e.getKey());
                    if (!replicasBySlot.get(slot).contains(node.port())) {
                        continue;
                    }
                    Object got = jedis.sendCommand(() -> bytes("CL"), "ONE", "GET", e.getKey());
                    String value = got == null ? null : new String((byte[]) got, StandardCharsets.UTF_8);
                    copiesChecked++;
                    if (!e.getValue().equals(value)) {
                        missing.add(node + " " + e.getKey() + "=" + value);
                    }
                }
            }
        }
        System.out.println("[QuorumIT] replica copies checked with CL ONE on their own node: " + copiesChecked
                + ", wrong or missing: " + missing.size());
        assertEquals(expected.size() * Math.min(3, cluster.size()), copiesChecked, "each key has N replicas");
        assertTrue(missing.isEmpty(), "replicas missing keys after the hints drained: "
                + missing.subList(0, Math.min(10, missing.size())));
    }

    private static String keyReplicatedOn(Map<Integer, List<Integer>> replicasBySlot, ServerProcess node, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            if (replicasBySlot.get(JedisClusterCRC16.getSlot(key)).contains(node.port())) {
                return key;
            }
        }
    }

    private List<ServerProcess> cluster(String name, int size) throws InterruptedException {
        List<ServerProcess> cluster = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // A generous deadline: the suite shares 2 cores with everything else CI runs.
            List<String> directives = ClusterProbe.directives("--max-keys", "200000", "--request-timeout-ms", "5000");
            if (i > 0) {
                directives.addAll(List.of("--cluster-seeds", cluster.get(0).host() + ":" + cluster.get(0).port()));
            }
            ServerProcess node = Target.COTERIE.server(name + "-" + i, directives);
            nodes.add(node);
            node.start();
            cluster.add(node);
        }
        ClusterProbe.awaitAgreement(cluster, idsOf(cluster), System.nanoTime(), FORM_MS_MAX);
        return cluster;
    }

    private static Set<String> idsOf(List<ServerProcess> live) {
        Set<String> ids = new TreeSet<>();
        live.forEach(n -> ids.add(ClusterProbe.myId(n)));
        return ids;
    }

    private static void awaitDown(List<ServerProcess> observers, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ServerProcess o : observers) {
            while (!ClusterProbe.showsDown(ClusterProbe.clusterNodes(o), id)) {
                assertTrue(System.nanoTime() < deadline, o + " never marked the killed node fail");
                Thread.sleep(100);
            }
        }
    }

    /** CLUSTER HINTS: per target a flat field/value array; the {@code count} for {@code target}, 0 if absent. */
    private static long hintsPendingFor(ServerProcess node, String target) {
        try (Jedis jedis = ClusterProbe.connect(node)) {
            Object reply = jedis.sendCommand(() -> bytes("CLUSTER"), "HINTS");
            for (Object row : (List<?>) reply) {
                List<?> fields = (List<?>) row;
                Map<String, Object> byName = new LinkedHashMap<>();
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    byName.put(text(fields.get(i)), fields.get(i + 1));
                }
                if (target.equals(text(byName.get("node")))) {
                    return (Long) byName.get("count");
                }
            }
            return 0;
        }
    }

    /** CLUSTER SLOTS as slot → client ports of its replicas (primary first). */
    private static Map<Integer, List<Integer>> replicaPorts(ServerProcess node) {
        Map<Integer, List<Integer>> bySlot = new java.util.HashMap<>();
        try (Jedis jedis = ClusterProbe.connect(node)) {
            for (Object range : jedis.clusterSlots()) {
                List<?> r = (List<?>) range;
                List<Integer> ports = new ArrayList<>();
                for (Object holder : r.subList(2, r.size())) {
                    ports.add(((Long) ((List<?>) holder).get(1)).intValue());
                }
                for (long s = (Long) r.get(0); s <= (Long) r.get(1); s++) {
                    bySlot.put((int) s, ports);
                }
            }
        }
        assertEquals(16384, bySlot.size(), "CLUSTER SLOTS covers every slot");
        return bySlot;
    }

    private static byte[] vgetContext(Jedis jedis, String key) {
        List<?> reply = (List<?>) jedis.sendCommand(() -> bytes("VGET"), key);
        return (byte[]) reply.get(0);
    }

    private static Set<String> vgetValues(Jedis jedis, String key) {
        List<?> reply = (List<?>) jedis.sendCommand(() -> bytes("VGET"), key);
        Set<String> values = new HashSet<>();
        for (Object v : (List<?>) reply.get(1)) {
            values.add(new String((byte[]) v, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String vset(Jedis jedis, String key, byte[] context, String value) {
        Object reply = jedis.sendCommand(() -> bytes("VSET"), bytes(key), context, bytes(value));
        return text(reply);
    }

    private static String tryJedis(java.util.function.Supplier<String> call) {
        try {
            return call.get();
        } catch (JedisDataException e) {
            return e.getMessage();
        }
    }

    private static String tryLettuce(java.util.function.Supplier<String> call) {
        try {
            return call.get();
        } catch (io.lettuce.core.RedisException e) {
            return e.getMessage();
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
