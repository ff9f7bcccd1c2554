package io.coterie.compat.tools;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * Drives a running Coterie cluster with JedisCluster and Lettuce's RedisClusterClient: each writes {@code keys} keys
 * through one seed node and reads them all back, and each reads the other's keys. With {@code exact}, every key must
 * also sit on exactly one node: clients route by CLUSTER SLOTS/NODES and, until forwarding lands, no node stores a key
 * it does not own. After a membership change former owners keep stale copies until slot streaming moves and drops
 * them, so later runs use {@code atleast}. Used by {@code compat-tests/scripts/cluster-3-nodes.sh}; exits 1 with the
 * first mismatch.
 *
 * <p>Usage: {@code ClusterClientsCheck <keys> exact|atleast host:port [host:port...]}
 */
public final class ClusterClientsCheck {

    private ClusterClientsCheck() {
    }

    public static void main(String[] args) {
        int keys = Integer.parseInt(args[0]);
        boolean exact = args[1].equals("exact");
        Set<HostAndPort> nodes = new HashSet<>();
        for (int i = 2; i < args.length; i++) {
            nodes.add(HostAndPort.from(args[i]));
        }
        HostAndPort seed = HostAndPort.from(args[2]);
        try (JedisCluster jedis = new JedisCluster(Set.of(seed))) {
            for (int i = 0; i < keys; i++) {
                jedis.set("jedis:" + i, "j" + i);
            }
            check(keys, "jedis", i -> jedis.get("jedis:" + i), "j");
            System.out.println("JedisCluster: wrote and read back " + keys + " keys via " + seed);
        }
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("redis://" + seed.getHost() + ":" + seed.getPort()));
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterCommands<String, String> lettuce = conn.sync();
            for (int i = 0; i < keys; i++) {
                lettuce.set("lettuce:" + i, "l" + i);
            }
            check(keys, "lettuce", i -> lettuce.get("lettuce:" + i), "l");
            check(keys, "jedis", i -> lettuce.get("jedis:" + i), "j");
            System.out.println("Lettuce RedisClusterClient: wrote and read back " + keys + " keys, read JedisCluster's "
                    + keys + ", knows " + lettuce.clusterNodes().split("\n").length + " nodes");
        } finally {
            client.shutdown();
        }
        // EXISTS and DBSIZE are cluster-wide now (any node forwards to the owner), so count each node's own copies
        // with CLUSTER GETKEYSINSLOT, which reads only the local store.
        java.util.Map<Integer, java.util.List<String>> keysBySlot = new java.util.TreeMap<>();
        for (int i = 0; i < keys; i++) {
            String key = "jedis:" + i;
            keysBySlot.computeIfAbsent(redis.clients.jedis.util.JedisClusterCRC16.getSlot(key),
                    s -> new java.util.ArrayList<>()).add(key);
        }
        long total = 0;
        for (HostAndPort node : nodes) {
            try (Jedis plain = new Jedis(node)) {
                long n = 0;
                for (var e : keysBySlot.entrySet()) {
                    java.util.List<String> local = plain.clusterGetKeysInSlot(e.getKey(), 1_000_000);
                    n += e.getValue().stream().filter(local::contains).count();
                }
                total += n;
                System.out.println("  " + node + " holds " + n + " of the JedisCluster keys");
            }
        }
        if (exact && total != keys) {
            fail("the JedisCluster keys are held " + total + " times across the nodes, expected exactly once each");
        }
        System.out.println(exact ? "OK: every key on exactly one node"
                : "OK: " + (total - keys) + " copies left on former owners (a move copies; it does not delete the source)");
    }

    private static void check(int keys, String prefix, java.util.function.IntFunction<String> get, String valuePrefix) {
        for (int i = 0; i < keys; i++) {
            String v = get.apply(i);
            if (!(valuePrefix + i).equals(v)) {
                fail(prefix + ":" + i + " read back as " + v);
            }
        }
    }

    private static void fail(String why) {
        System.err.println("FAIL: " + why);
        System.exit(1);
    }
}
