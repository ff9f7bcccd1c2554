package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Real processes, restarted after kill -9 (issue #5, the stale read the simulator found): a node starts from the
 * ring it saved, with its peers down until it hears from them, so two restarted nodes never take themselves for the
 * whole cluster; and each restarted node mints versions under a new actor id. Coterie only.
 */
class RestartIT {

    private static final long FORM_MS_MAX = 30_000;
    private static final long SETTLE_MS_MAX = 15_000;

    private final ClusterNodes nodes = new ClusterNodes("--max-keys", "100000");

    @AfterEach
    void stopAll() {
        nodes.killAll();
    }

    @Test
    @Timeout(180)
    void nodesRestartedAfterKill9StartFromTheRingTheySavedAndMintNewActors() throws Exception {
        assumeTrue(Target.current() == Target.COTERIE, "Coterie's own restart behaviour");
        assumeTrue(ClusterProbe.REPLICAS == 3, "written for N = 3 on 3 nodes: every node replicates every key");
        ServerProcess a = nodes.start("restart-a");
        String seed = a.host() + ":" + a.port();
        ServerProcess b = nodes.start("restart-b", "--cluster-seeds", seed);
        ServerProcess c = nodes.start("restart-c", "--cluster-seeds", seed);
        Set<String> ids = new TreeSet<>();
        for (ServerProcess n : List.of(a, b, c)) {
            ids.add(ClusterProbe.myId(n));
        }
        ClusterProbe.awaitAgreement(List.of(a, b, c), ids, System.nanoTime(), FORM_MS_MAX);
        String cId = ClusterProbe.myId(c);
        try (Jedis jedis = ClusterProbe.connect(a)) {
            assertEquals("OK", cl(jedis, "QUORUM", "SET", "k1", "before"));
        }

        for (ServerProcess n : List.of(a, b, c)) {
            n.kill9();
        }
        a.restart();
        String alone = ClusterProbe.clusterNodes(a);
        System.out.println("[RestartIT] a restarted alone, CLUSTER NODES:\n" + alone);
        assertEquals(ids, ClusterProbe.ids(alone), "the saved ring: all three members, before hearing from anyone");
        assertEquals(2, ClusterProbe.failLines(alone).size(), "its peers are down until heard from");
        try (Jedis jedis = ClusterProbe.connect(a)) {
            String refused = cl(jedis, "QUORUM", "SET", "k2", "x");
            System.out.println("[RestartIT] a alone: CL QUORUM SET -> " + refused);
            assertTrue(refused.startsWith("TRYAGAIN"), refused);
        }

        b.restart();
        long deadline = System.currentTimeMillis() + SETTLE_MS_MAX;
        String quorum = "";
        while (System.currentTimeMillis() < deadline) {
            try (Jedis jedis = ClusterProbe.connect(a)) {
                quorum = cl(jedis, "QUORUM", "SET", "k2", "x");
            }
            if (quorum.equals("OK")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("OK", quorum, "a and b are two of the three replicas");
        String both = ClusterProbe.clusterNodes(a);
        System.out.println("[RestartIT] a and b restarted, CLUSTER NODES:\n" + both);
        assertTrue(ClusterProbe.showsDown(both, cId), "c, never restarted, is still in the ring and down");
        try (Jedis jedis = ClusterProbe.connect(a)) {
            String all = cl(jedis, "ALL", "SET", "k3", "y");
            System.out.println("[RestartIT] a and b: CL ALL SET -> " + all + "; CL QUORUM GET k1 -> "
                    + cl(jedis, "QUORUM", "GET", "k1"));
            assertTrue(all.startsWith("NOQUORUM"), "two restarted nodes are not the whole cluster: " + all);
            assertEquals("before", cl(jedis, "QUORUM", "GET", "k1"));
        }
        for (ServerProcess n : List.of(a, b)) {
            String actor = Files.readString(n.dataDir().resolve("version-actor.conf")).trim();
            assertTrue(actor.startsWith("actor ") && !actor.endsWith(ClusterProbe.myId(n)),
                    n + " mints under a new actor after kill -9: " + actor);
        }
    }

    private static String cl(Jedis jedis, String level, String... command) {
        String[] args = new String[command.length + 1];
        args[0] = level;
        System.arraycopy(command, 0, args, 1, command.length);
        return attempt(() -> {
            Object reply = jedis.sendCommand(() -> "CL".getBytes(StandardCharsets.UTF_8), args);
            return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
        });
    }

    private static String attempt(Supplier<String> call) {
        try {
            return call.get();
        } catch (JedisDataException e) {
            return e.getMessage();
        }
    }
}
