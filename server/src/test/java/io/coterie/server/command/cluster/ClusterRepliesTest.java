package io.coterie.server.command.cluster;

import static io.coterie.server.cluster.runtime.Views.id;
import static io.coterie.server.cluster.runtime.Views.member;
import static io.coterie.server.cluster.runtime.Views.up;
import static io.coterie.server.cluster.runtime.Views.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.runtime.RingShape;
import io.coterie.server.cluster.runtime.Topologies;
import io.coterie.server.command.RecordingRespWriter;
import io.coterie.server.command.RecordingRespWriter.Array;
import io.coterie.server.command.RecordingRespWriter.Bulk;
import io.coterie.server.command.RecordingRespWriter.Int;
import io.coterie.server.command.RecordingRespWriter.Reply;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterRepliesTest {

    private static final long NOW_MS = 1_700_000_000_000L;
    private static final String ONE = "1".repeat(40);

    private static Topology alone() {
        return Topologies.of(view(1, 1, up(1)), new RingShape(3, 256), Optional.empty());
    }

    /** Nodes 1 (self, live), 2 (suspect), 3 (down), 4 (joining), 5 (left: not shown). */
    private static Topology five() {
        return Topologies.of(view(9, 1, up(1), member(2, NodeStatus.UP, Liveness.SUSPECT),
                member(3, NodeStatus.UP, Liveness.DOWN), member(4, NodeStatus.JOINING, Liveness.LIVE),
                member(5, NodeStatus.LEFT, Liveness.LIVE)), new RingShape(3, 8), Optional.empty());
    }

    private static Reply record(java.util.function.Consumer<RecordingRespWriter> write) {
        RecordingRespWriter out = new RecordingRespWriter();
        write.accept(out);
        return out.single();
    }

    @Test
    void nodesOfAClusterOfOne() {
        assertEquals(ONE + " 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-16383\n",
                ClusterReplies.nodes(alone(), NOW_MS));
    }

    @Test
    void nodesFlagsEpochsLinksAndSlotsFollowRedisLayout() {
        Topology t = five();
        String[] lines = ClusterReplies.nodes(t, NOW_MS).split("\n");
        assertEquals(4, lines.length, "the LEFT node is not listed");
        assertTrue(lines[0].startsWith(ONE + " 127.0.0.1:7001@17001 myself,master - 0 0 1 connected "), lines[0]);
        assertTrue(lines[1].startsWith("2".repeat(40) + " 127.0.0.1:7002@17002 master,fail? - 0 " + NOW_MS + " 2 connected "), lines[1]);
        assertTrue(lines[2].startsWith("3".repeat(40) + " 127.0.0.1:7003@17003 master,fail - 0 0 3 disconnected "), lines[2]);
        assertEquals("4".repeat(40) + " 127.0.0.1:7004@17004 master - 0 " + NOW_MS + " 4 connected", lines[3],
                "a joining node owns no slot yet");
    }

    @Test
    void nodesSlotColumnsMatchTheRingSlotBySlot() {
        Topology t = five();
        int covered = 0;
        for (String line : ClusterReplies.nodes(t, NOW_MS).split("\n")) {
            String[] f = line.split(" ");
            NodeId node = new NodeId(f[0]);
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                int first = Integer.parseInt(range[0]);
                int last = Integer.parseInt(range[range.length - 1]);
                for (int slot = first; slot <= last; slot++) {
                    assertEquals(t.ring().primary(slot), node, "slot " + slot);
                    covered++;
                }
            }
        }
        assertEquals(HashSlots.SLOT_COUNT, covered, "every slot listed exactly once");
    }

    @Test
    void slotsOfAClusterOfOne() {
        assertEquals("[:0, :16383, [\"127.0.0.1\", :7001, \"" + ONE + "\"]]",
                ((Array) record(out -> ClusterReplies.slots(alone(), out))).elements().get(0).toString());
    }

    private static List<NodeId> nodeIds(List<Reply> nodes, java.util.function.Function<Reply, String> idOf) {
        return nodes.stream().map(idOf).map(NodeId::new).toList();
    }

    @Test
    void slotsCoverEverySlotOnceWithItsPrimaryThenItsLiveReplicas() {
        Topology t = five();
        NodeId down = id(3);
        Array all = (Array) record(out -> ClusterReplies.slots(t, out));
        int next = 0;
        for (Reply r : all.elements()) {
            List<Reply> e = ((Array) r).elements();
            int first = (int) ((Int) e.get(0)).value();
            int last = (int) ((Int) e.get(1)).value();
            assertEquals(next, first);
            List<NodeId> listed = nodeIds(e.subList(2, e.size()), n -> ((Bulk) ((Array) n).elements().get(2)).text());
            for (int slot = first; slot <= last; slot++) {
                List<NodeId> replicas = t.ring().replicas(slot);
                assertEquals(3, replicas.size());
                List<NodeId> expected = new java.util.ArrayList<>(List.of(replicas.get(0)));
                replicas.subList(1, 3).stream().filter(n -> !n.equals(down)).forEach(expected::add);
                assertEquals(expected, listed, "slot " + slot + ": primary, then the replicas not down");
            }
            next = last + 1;
        }
        assertEquals(HashSlots.SLOT_COUNT, next);
    }

    @Test
    void shardsGroupSlotsByPreferenceListPrimaryAsMasterOthersAsReplicas() {
        Topology t = five();
        Array all = (Array) record(out -> ClusterReplies.shards(t, out));
        int covered = 0;
        boolean joinerListed = false;
        for (Reply r : all.elements()) {
            List<Reply> shard = ((Array) r).elements();
            List<Reply> slots = ((Array) shard.get(1)).elements();
            List<Reply> nodes = ((Array) shard.get(3)).elements();
            List<NodeId> ids = nodeIds(nodes, n -> ((Bulk) ((Array) n).elements().get(1)).text());
            for (int i = 0; i < nodes.size(); i++) {
                assertEquals(i == 0 ? "master" : "replica", ((Bulk) ((Array) nodes.get(i)).elements().get(9)).text());
            }
            joinerListed |= ids.equals(List.of(id(4))) && slots.isEmpty();
            for (int i = 0; i < slots.size(); i += 2) {
                for (long slot = ((Int) slots.get(i)).value(); slot <= ((Int) slots.get(i + 1)).value(); slot++) {
                    assertEquals(t.ring().replicas((int) slot), ids, "slot " + slot);
                    covered++;
                }
            }
        }
        assertEquals(HashSlots.SLOT_COUNT, covered, "every slot in exactly one shard");
        assertTrue(joinerListed, "a joining node is a master of a shard with no slots");
    }

    @Test
    void shardsOfAClusterOfOne() {
        assertEquals(("[['slots', [:0, :16383], 'nodes', [['id', '" + ONE + "', 'port', :7001, 'ip', '127.0.0.1',"
                        + " 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', :0, 'health', 'online']]]]")
                        .replace('\'', '"'),
                record(out -> ClusterReplies.shards(alone(), out)).toString());
    }

    @Test
    void infoReportsStateSlotsAndNodes() {
        List<String> alone = ClusterReplies.info(alone(), 3);
        assertEquals(List.of("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                "cluster_slots_pfail:0", "cluster_slots_fail:0", "cluster_known_nodes:1", "cluster_size:1",
                "cluster_current_epoch:1", "cluster_my_epoch:1"), alone.subList(0, 9));
        assertTrue(alone.contains("coterie_replicas_configured:3"));
        assertTrue(alone.contains("coterie_replicas_served:1"));
        List<String> five = ClusterReplies.info(five(), 3);
        assertTrue(five.contains("cluster_state:fail"), "a down primary's slots are unserved");
        assertTrue(five.contains("cluster_known_nodes:4"));
        assertTrue(five.contains("cluster_size:3"));
        assertTrue(five.contains("coterie_nodes_joining:1"));
        assertTrue(five.stream().anyMatch(l -> l.startsWith("coterie_slots_moving:") && !l.endsWith(":0")));
    }

    @Test
    void ringListsEveryVnodeClockwise() {
        Array ring = (Array) record(out -> ClusterReplies.ring(alone(), out));
        assertEquals(256, ring.elements().size());
        long primarySlots = 0;
        long lastToken = -1;
        for (Reply r : ring.elements()) {
            List<Reply> e = ((Array) r).elements();
            long token = ((Int) e.get(0)).value();
            assertTrue(token >= lastToken);
            lastToken = token;
            assertEquals(ONE, ((Bulk) e.get(1)).text());
            primarySlots += ((Int) e.get(3)).value();
        }
        assertEquals(HashSlots.SLOT_COUNT, primarySlots);
        assertEquals(id(1), alone().ring().primary(0));
    }
}
