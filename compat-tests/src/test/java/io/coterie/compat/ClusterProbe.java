package io.coterie.compat;

import io.coterie.compat.harness.ServerProcess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * What the cluster ITs ask every node: its CLUSTER NODES (ids, flags, slot runs), its id, and whether all nodes agree.
 * One short-lived connection per question, with a 5 s socket timeout so a stuck node fails a poll instead of the test.
 */
public final class ClusterProbe {

    private static final int TIMEOUT_MS = 5_000;
    /** The replication factor the ITs start nodes with: {@code -Dcluster.replicas}, default 3 as the server's. */
    static final int REPLICAS = Integer.getInteger("cluster.replicas", 3);

    private ClusterProbe() {
    }

    /** The directives every cluster IT node starts with, then {@code more}. */
    static List<String> directives(String... more) {
        List<String> all = new ArrayList<>(List.of("--replicas", Integer.toString(REPLICAS)));
        all.addAll(List.of(more));
        return all;
    }

    /** Copies of each key a cluster of {@code members} keeps: N capped at the members. */
    static int copies(int members) {
        return Math.min(REPLICAS, members);
    }

    static Jedis connect(ServerProcess node) {
        return new Jedis(node.host(), node.port(), TIMEOUT_MS);
    }

    public static String myId(ServerProcess node) {
        try (Jedis jedis = connect(node)) {
            return jedis.clusterMyId();
        }
    }

    public static String clusterNodes(ServerProcess node) {
        try (Jedis jedis = connect(node)) {
            return jedis.clusterNodes();
        }
    }

    static String clusterInfo(ServerProcess node) {
        try (Jedis jedis = connect(node)) {
            return jedis.clusterInfo();
        }
    }

    /** The node ids of a CLUSTER NODES reply. */
    static Set<String> ids(String clusterNodes) {
        Set<String> ids = new TreeSet<>();
        for (String line : clusterNodes.split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.split(" ")[0]);
            }
        }
        return ids;
    }

    /** The lines of a CLUSTER NODES reply that flag a node fail or fail? (the flags are the third field). */
    static List<String> failLines(String clusterNodes) {
        List<String> lines = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].contains("fail")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Whether the line for {@code id} carries the {@code fail} flag (DOWN), not just {@code fail?}. */
    public static boolean showsDown(String clusterNodes, String id) {
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[0].equals(id)) {
                for (String flag : f[2].split(",")) {
                    if (flag.equals("fail")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** CLUSTER NODES minus what differs legitimately between observers: the myself flag and ping/pong times. */
    static Set<String> normalized(String clusterNodes) {
        Set<String> lines = new TreeSet<>();
        for (String line : clusterNodes.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.replace("myself,", "").split(" ");
            f[4] = "";
            f[5] = "";
            lines.add(String.join(" ", f));
        }
        return lines;
    }

    /** CLUSTER NODES fields: id, address, flags, master, ping-sent, pong-recv, epoch, link-state, then slots. */
    private static final int SLOTS_FIELD = 8;

    /**
     * Waits until every node's CLUSTER NODES shows exactly {@code expectedIds}, none flagged fail/fail?, each owning
     * slots (no join in flight), and all show the same normalized lines (same slot runs: the same ring). Returns the
     * milliseconds from {@code changeNanos} to the first poll that saw agreement; fails after {@code maxMs}.
     */
    public static long awaitAgreement(Collection<ServerProcess> nodes, Set<String> expectedIds, long changeNanos, long maxMs)
            throws InterruptedException {
        long deadline = changeNanos + TimeUnit.MILLISECONDS.toNanos(maxMs);
        List<String> last = List.of();
        while (true) {
            List<String> seen = new ArrayList<>();
            Set<String> first = null;
            boolean agree = true;
            for (ServerProcess n : nodes) {
                String reply;
                try {
                    reply = clusterNodes(n);
                } catch (RuntimeException e) {
                    agree = false;
                    seen.add(n + ": " + e);
                    continue;
                }
                seen.add(n + ":\n" + reply);
                Set<String> norm = normalized(reply);
                // Every member must own slots: a JOINING node owns none until its pull completes.
                agree &= ids(reply).equals(expectedIds) && failLines(reply).isEmpty()
                        && norm.stream().allMatch(l -> l.split(" ").length > SLOTS_FIELD);
                if (first == null) {
                    first = norm;
                } else {
                    agree &= first.equals(norm);
                }
            }
            long now = System.nanoTime();
            if (agree) {
                return TimeUnit.NANOSECONDS.toMillis(now - changeNanos);
            }
            last = seen;
            if (now > deadline) {
                throw new AssertionError(nodes.size() + " nodes did not agree on " + expectedIds + " within " + maxMs
                        + " ms; last seen:\n" + String.join("\n", last));
            }
            Thread.sleep(50);
        }
    }

    /** How many keys the node holds itself: INFO keyspace's db0 line (0 when empty); EXISTS/DBSIZE are cluster-wide. */
    static long localKeys(ServerProcess node) {
        try (Jedis jedis = connect(node)) {
            for (String line : jedis.info("keyspace").split("\r\n")) {
                if (line.startsWith("db0:keys=")) {
                    return Long.parseLong(line.substring("db0:keys=".length(), line.indexOf(',')));
                }
            }
            return 0;
        }
    }
}
