package io.coterie.server.cluster.forward;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.B;
import static io.coterie.server.cluster.forward.Topologies.C;
import static io.coterie.server.cluster.forward.Topologies.keyOwnedBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.coterie.ring.NodeId;
import io.coterie.server.cluster.Topology;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import io.coterie.server.command.keys.KeyCommands;
import io.coterie.server.command.strings.StringCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteDecisionTest {

    private static final CommandTable TABLE = table();

    private final Topology fromA = Topologies.of(A, Map.of(A, Topologies.address(7001, 17001),
            B, Topologies.address(7002, 17002)), 1);
    private final String onA = keyOwnedBy(fromA, A, "a");
    private final String onA2 = keyOwnedBy(fromA, A, "aa");
    private final String onB = keyOwnedBy(fromA, B, "b");
    private final String onB2 = keyOwnedBy(fromA, B, "bb");

    private static CommandTable table() {
        List<CommandSpec> specs = new ArrayList<>(StringCommands.specs());
        specs.addAll(KeyCommands.specs());
        for (String keyless : List.of("ping", "dbsize", "flushall")) {
            specs.add(new CommandSpec(keyless, -1, Set.of(), 0, 0, 0, "server", keyless, (ctx, a, out) -> out.ok()));
        }
        return CommandTable.of(specs);
    }

    private Route decide(Topology t, String... argv) {
        return RouteDecision.decide(t, TABLE.lookup(argv[0]), Args.of(argv));
    }

    @Test
    void keylessCommandsRunLocally() {
        assertEquals(Route.LOCAL, decide(fromA, "ping"));
        assertEquals(Route.LOCAL, decide(fromA, "scan", "0"));
        assertEquals(Route.LOCAL, decide(fromA, "randomkey"));
    }

    @Test
    void keyspaceWideCommandsRunOnEveryNode() {
        Route.FanOut keys = assertInstanceOf(Route.FanOut.class, decide(fromA, "keys", "user:*"));
        assertEquals(Route.Merge.CONCAT, keys.merge());
        assertEquals(List.of(A, B), keys.parts().stream().map(Route.Part::node).toList());
        assertPart(keys.parts().get(1), B, new int[0], "keys", "user:*");
        assertEquals(Route.Merge.SUM, assertInstanceOf(Route.FanOut.class, decide(fromA, "dbsize")).merge());
        assertEquals(Route.Merge.ALL_OK, assertInstanceOf(Route.FanOut.class, decide(fromA, "flushall")).merge());
        Topology alone = Topologies.of(A, Map.of(A, Topologies.address(7001, 17001)), 1);
        assertEquals(Route.LOCAL, decide(alone, "dbsize"));
    }

    @Test
    void aKeyThisNodeOwnsRunsLocally() {
        assertEquals(Route.LOCAL, decide(fromA, "get", onA));
        assertEquals(Route.LOCAL, decide(fromA, "set", onA, "v"));
        assertEquals(Route.LOCAL, decide(fromA, "incr", onA));
    }

    @Test
    void aKeyAnotherNodeOwnsIsForwardedThere() {
        assertEquals(new Route.Forward(B), decide(fromA, "get", onB));
        assertEquals(new Route.Forward(B), decide(fromA, "set", onB, "v", "EX", "10"));
        assertEquals(new Route.Forward(B), decide(fromA, "incrby", onB, "5"));
    }

    @Test
    void multiKeyCommandsOnOneNodeGoWholeToIt() {
        assertEquals(Route.LOCAL, decide(fromA, "mget", onA, onA2));
        assertEquals(new Route.Forward(B), decide(fromA, "del", onB, onB2));
        assertEquals(new Route.Forward(B), decide(fromA, "msetnx", onB, "1", onB2, "2"));
        assertEquals(new Route.Forward(B), decide(fromA, "rename", onB, onB2));
    }

    @Test
    void hashTagsKeepKeysTogether() {
        assertEquals(decide(fromA, "get", "{tag}x"), decide(fromA, "mget", "{tag}x", "{tag}y", "{tag}z"));
    }

    @Test
    void mgetAcrossNodesSplitsByNodeInFirstKeyOrder() {
        Route.FanOut f = assertInstanceOf(Route.FanOut.class, decide(fromA, "mget", onB, onA, onB2, onA2));
        assertEquals(Route.Merge.VALUES_IN_KEY_ORDER, f.merge());
        assertEquals(4, f.keyCount());
        assertEquals(2, f.parts().size());
        assertPart(f.parts().get(0), B, new int[] {0, 2}, "mget", onB, onB2);
        assertPart(f.parts().get(1), A, new int[] {1, 3}, "mget", onA, onA2);
    }

    @Test
    void msetAcrossNodesKeepsEachValueWithItsKey() {
        Route.FanOut f = assertInstanceOf(Route.FanOut.class, decide(fromA, "mset", onA, "1", onB, "2", onA2, "3"));
        assertEquals(Route.Merge.ALL_OK, f.merge());
        assertPart(f.parts().get(0), A, new int[] {0, 2}, "mset", onA, "1", onA2, "3");
        assertPart(f.parts().get(1), B, new int[] {1}, "mset", onB, "2");
    }

    @Test
    void countingCommandsAcrossNodesSum() {
        for (String name : List.of("del", "unlink", "exists", "touch")) {
            Route.FanOut f = assertInstanceOf(Route.FanOut.class, decide(fromA, name, onA, onB));
            assertEquals(Route.Merge.SUM, f.merge(), name);
            assertPart(f.parts().get(0), A, new int[] {0}, name, onA);
            assertPart(f.parts().get(1), B, new int[] {1}, name, onB);
        }
    }

    @Test
    void atomicMultiKeyCommandsAcrossNodesAreRefused() {
        Route.Refuse msetnx = assertInstanceOf(Route.Refuse.class, decide(fromA, "msetnx", onA, "1", onB, "2"));
        assertEquals("ERR 'msetnx' keys belong to different nodes; it cannot run across nodes without losing "
                + "its atomicity", msetnx.error());
        assertInstanceOf(Route.Refuse.class, decide(fromA, "rename", onA, onB));
        assertInstanceOf(Route.Refuse.class, decide(fromA, "renamenx", onB, onA));
    }

    @Test
    void aMalformedKeyListRunsLocallySoTheHandlerAnswers() {
        assertEquals(Route.LOCAL, decide(fromA, "mset", onB, "1", onB2));
    }

    @Test
    void aDownPrimaryIsSkippedForTheNextHealthyReplica() {
        Map<NodeId, io.coterie.ring.membership.Address> three = Map.of(A, Topologies.address(7001, 17001),
                B, Topologies.address(7002, 17002), C, Topologies.address(7003, 17003));
        Topology healthy = Topologies.of(A, three, 2);
        String key = keyOwnedBy(healthy, B, "k");
        NodeId second = healthy.replicasOf(key.getBytes(StandardCharsets.UTF_8)).get(1);
        Topology bDown = Topologies.of(A, three, 2, B);
        NodeId chosen = RouteDecision.ownerOf(bDown, key.getBytes(StandardCharsets.UTF_8));
        assertEquals(second, chosen);
        assertNotEquals(B, chosen);
    }

    @Test
    void withOneReplicaADownOwnerIsStillTheOwner() {
        Topology bDown = Topologies.of(A, Map.of(A, Topologies.address(7001, 17001),
                B, Topologies.address(7002, 17002)), 1, B);
        assertEquals(new Route.Forward(B), decide(bDown, "get", onB));
    }

    private static void assertPart(Route.Part part, NodeId node, int[] ordinals, String... argv) {
        assertEquals(node, part.node());
        assertArrayEquals(ordinals, part.keyOrdinals());
        assertEquals(Arrays.asList(argv), Arrays.stream(part.argv())
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList());
    }
}
