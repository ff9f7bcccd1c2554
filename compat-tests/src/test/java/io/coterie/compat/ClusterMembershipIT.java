package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Issue #4 with real processes: 3 nodes form a cluster, agree on CLUSTER NODES, and JedisCluster and Lettuce's
 * RedisClusterClient route every key to its owner; a 4th joins with CLUSTER MEET, leaves with CLUSTER LEAVE (and
 * exits), and a SIGTERM is a graceful leave. Coterie only: Redis needs cluster-enabled nodes assembled differently.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterMembershipIT {

    private static final int KEYS = 1000;
    /**
     * Agreement after a change, a join's pull included (a joiner owns slots once it holds their data): ClusterFaultsIT
     * measures issue #4's 5 s; here a loaded 2-core CI machine, pulling from every node, gets six times that.
     */
    private static final long AGREE_MS_MAX = 30_000;
    private static final long EXIT_MS_MAX = 30_000;

    private final ClusterNodes nodes = new ClusterNodes();

    @AfterEach
    void stopAll() {
        nodes.killAll();
    }

    /** CLUSTER NODES minus what differs legitimately between observers (myself flag, ping/pong times). */
    private static Set<String> normalizedNodes(ServerProcess node) {
        try (Jedis jedis = new Jedis(node.host(), node.port())) {
            Set<String> lines = new TreeSet<>();
            for (String line : jedis.clusterNodes().split("\n")) {
                String[] f = line.replace("myself,", "").split(" ");
                f[4] = "";
                f[5] = "";
                lines.add(String.join(" ", f));
            }
            return lines;
        }
    }

    /** CLUSTER NODES fields: id, address, flags, master, ping-sent, pong-recv, epoch, link-state, then slots. */
    private static final int SLOTS_FIELD = 8;

    private static void awaitAgreement(int members, List<ServerProcess> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AGREE_MS_MAX);
        Set<String> last = Set.of();
        while (System.nanoTime() < deadline) {
            last = normalizedNodes(nodes.get(0));
            // Every member must own slots: a JOINING node owns none until its pull completes.
            boolean agree = last.size() == members && last.stream().noneMatch(l -> l.contains("fail"))
                    && last.stream().allMatch(l -> l.split(" ").length > SLOTS_FIELD);
            for (ServerProcess n : nodes) {
                agree &= normalizedNodes(n).equals(last);
            }
            if (agree) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(nodes.size() + " nodes did not agree on " + members + " members within "
                + AGREE_MS_MAX + " ms; last seen by the first: " + last);
    }

    /**
     * JedisCluster writes and reads back {@code prefix:0..KEYS-1}; returns how many keys the nodes hold in all, which
     * is the number of distinct keys times the copies each is kept in.
     */
    private static long jedisRoundTrip(String prefix, List<ServerProcess> nodes) {
        ServerProcess seed = nodes.get(0);
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(seed.host(), seed.port())))) {
            for (int i = 0; i < KEYS; i++) {
                cluster.set(prefix + ":" + i, "v" + i);
            }
            for (int i = 0; i < KEYS; i++) {
                assertEquals("v" + i, cluster.get(prefix + ":" + i), prefix + ":" + i);
            }
        }
        // EXISTS and DBSIZE are answered cluster-wide (forwarding), so sum what each node holds itself: INFO keyspace
        // reports only the local store.
        long copies = 0;
        for (ServerProcess n : nodes) {
            try (Jedis plain = new Jedis(n.host(), n.port())) {
                copies += localKeys(plain.info("keyspace"));
            }
        }
        return copies;
    }

    /** The key count of INFO keyspace's db0 line, 0 when the node holds nothing. */
    private static long localKeys(String keyspaceInfo) {
        for (String line : keyspaceInfo.split("\r\n")) {
            if (line.startsWith("db0:keys=")) {
                return Long.parseLong(line.substring("db0:keys=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    private static void lettuceRoundTrip(String prefix, ServerProcess seed) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seed.host(), seed.port()));
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            for (int i = 0; i < KEYS; i++) {
                conn.sync().set(prefix + ":" + i, "l" + i);
            }
            for (int i = 0; i < KEYS; i++) {
                assertEquals("l" + i, conn.sync().get(prefix + ":" + i), prefix + ":" + i);
            }
        } finally {
            client.shutdown();
        }
    }

    private static void awaitExit(ServerProcess node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_MS_MAX);
        while (node.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(node.isAlive(), node + " still runs " + EXIT_MS_MAX + " ms after CLUSTER LEAVE");
    }

    @Test
    void nodesFormAClusterClientsRouteBySlotAndNodesJoinAndLeave() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own membership; Redis clusters are assembled differently");
        ServerProcess a = nodes.start("cluster-a");
        ServerProcess b = nodes.start("cluster-b", "--cluster-seeds", a.host() + ":" + a.port());
        ServerProcess c = nodes.start("cluster-c", "--cluster-seeds", a.host() + ":" + a.port());
        awaitAgreement(3, List.of(a, b, c));
        assertEquals(KEYS * ClusterProbe.copies(3), jedisRoundTrip("jedis", List.of(a, b, c)),
                "every key on its replicas and nowhere else: the clients sent each to its owner");
        lettuceRoundTrip("lettuce", b);

        ServerProcess d = nodes.start("cluster-d");
        try (Jedis jedis = new Jedis(d.host(), d.port())) {
            assertEquals("OK", jedis.clusterMeet(a.host(), a.port()));
        }
        awaitAgreement(4, List.of(a, b, c, d));
        jedisRoundTrip("after-join", List.of(d, a, b, c));
        lettuceRoundTrip("after-join-lettuce", d);

        try (Jedis jedis = new Jedis(d.host(), d.port())) {
            assertEquals("OK", SafeEncoder.encode((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "LEAVE")));
        }
        awaitExit(d);
        awaitAgreement(3, List.of(a, b, c));

        c.stop();
        assertTrue(Files.readString(c.logFile()).contains("Cluster: announced LEFT"), "SIGTERM is a graceful leave");
        awaitAgreement(2, List.of(a, b));
        jedisRoundTrip("after-leave", List.of(a, b));
        lettuceRoundTrip("after-leave-lettuce", a);
    }
}
