package io.coterie.compat.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.ClusterProbe;
import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Issue #5: a partition forced between two writers produces siblings that VGET shows and VSET resolves. Three nodes in
 * network namespaces this test creates (N = 3); node 0 — the key's coordinator — is cut off from the other two, which
 * mark it down and accept a QUORUM write; node 0 accepts a {@code CL ONE} write of its own. After the heal a
 * {@code CL ALL VGET} sees both values as siblings, and a VSET with that context replaces them on every replica.
 */
class PartitionSiblingsIT {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aPartitionBetweenTwoWritersLeavesSiblingsThatVsetResolves() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's versions");
        Path root = Files.createDirectories(Path.of("target", "partition-siblings-" + System.nanoTime()));
        try (NamespaceNetwork net = NamespaceNetwork.create(3, true);
             FaultCluster cluster = new FaultCluster(net, root, 3, List.of("--replicas", "3", "--max-keys", "100000"))) {
            cluster.form();
            ServerProcess a = cluster.node(0);
            ServerProcess b = cluster.node(1);
            String key = keyCoordinatedBy(a);
            try (Jedis ja = connect(a); Jedis jb = connect(b)) {
                assertEquals("OK", ja.set(key, "before"));

                String aId = ClusterProbe.myId(a);
                for (int other = 1; other <= 2; other++) {
                    net.cut(0, other);
                    net.cut(other, 0);
                }
                long cutAt = System.nanoTime();
                for (int other = 1; other <= 2; other++) {
                    ServerProcess observer = cluster.node(other);
                    while (!ClusterProbe.showsDown(ClusterProbe.clusterNodes(observer), aId)) {
                        assertTrue(System.nanoTime() - cutAt < TimeUnit.SECONDS.toNanos(60),
                                observer + " never marked the cut-off node fail");
                        Thread.sleep(200);
                    }
                }
                assertEquals("OK", jb.set(key, "majority-side"), "the majority side keeps its QUORUM");
                assertEquals("OK", text(ja.sendCommand(() -> bytes("CL"), "ONE", "SET", key, "minority-side")),
                        "the cut-off coordinator accepts a CL ONE write");

                net.healAll();
                cluster.awaitAgreement(90_000);
                List<?> vget = (List<?>) jb.sendCommand(() -> bytes("CL"), "ALL", "VGET", key);
                Set<String> siblings = values(vget);
                System.out.println("[PartitionSiblingsIT] after the heal CL ALL VGET " + key + " -> " + siblings);
                assertEquals(Set.of("majority-side", "minority-side"), siblings, "both sides' writes are siblings");
                assertTrue(siblings.contains(jb.get(key)), "GET shows one of them");

                byte[] context = (byte[]) vget.get(0);
                assertEquals("OK", text(jb.sendCommand(() -> bytes("VSET"), bytes(key), context, bytes("resolved"))));
                for (int i = 0; i < 3; i++) {
                    try (Jedis j = connect(cluster.node(i))) {
                        Set<String> now = values((List<?>) j.sendCommand(() -> bytes("CL"), "ONE", "VGET", key));
                        assertEquals(Set.of("resolved"), now, cluster.node(i) + "'s own copy after the resolving VSET");
                    }
                }
            }
        }
    }

    /** A key whose slot's primary (the write coordinator while it lives) is {@code node}, from CLUSTER SLOTS. */
    private static String keyCoordinatedBy(ServerProcess node) {
        try (Jedis jedis = connect(node)) {
            for (int i = 0; ; i++) {
                String key = "doc:" + i;
                long slot = jedis.clusterKeySlot(key);
                for (Object range : jedis.clusterSlots()) {
                    List<?> r = (List<?>) range;
                    List<?> primary = (List<?>) r.get(2);
                    if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)
                            && ((Long) primary.get(1)).intValue() == node.port()
                            && text(primary.get(0)).equals(node.host())) {
                        return key;
                    }
                }
            }
        }
    }

    private static Set<String> values(List<?> vget) {
        Set<String> values = new HashSet<>();
        for (Object v : (List<?>) vget.get(1)) {
            values.add(text(v));
        }
        return values;
    }

    private static Jedis connect(ServerProcess node) {
        return new Jedis(node.host(), node.port(), 10_000);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
