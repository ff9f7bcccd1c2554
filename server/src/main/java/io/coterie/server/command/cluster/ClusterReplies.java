package io.coterie.server.command.cluster;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.SlotRange;
import io.coterie.ring.placement.VirtualNode;
import io.coterie.server.cluster.Topology;
import io.coterie.server.command.RespWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLUSTER NODES / SLOTS / SHARDS / INFO / RING rendered from one {@link Topology} snapshot, in Redis 7's formats:
 * redis-cli --cluster and redis-benchmark --cluster parse NODES text exactly, JedisCluster reads SLOTS, Lettuce reads
 * NODES. SPEC §2: the first node of a slot's preference list is its "master", the next N-1 its "replicas".
 *
 * <p>Redis gives each node one role, while here every node is the primary of some slots and a replica of others. So
 * the per-slot replies (SLOTS, SHARDS) carry the replicas, and the per-node one (NODES) shows every node as a master
 * holding the slots it is primary for: Redis's {@code slave <master-id>} line cannot say "replica of some slots", and
 * a node listed as a slave would lose its primary slots in every client. Nodes that announced LEFT are not shown: they
 * serve nothing and are about to go silent.
 */
public final class ClusterReplies {

    private ClusterReplies() {
    }

    /** Members a client should know: everyone but departed nodes (this node always, so MYID and NODES agree). */
    static List<Member> shown(Topology t) {
        return t.view().members().values().stream()
                .filter(m -> m.status() != NodeStatus.LEFT || m.id().equals(t.self())).toList();
    }

    /**
     * Redis's config epoch has no meaning here (there are no failovers); each node gets a distinct one, its position
     * in id order, because redis-cli --cluster check treats equal epochs as a conflict.
     */
    static Map<NodeId, Integer> configEpochs(Topology t) {
        Map<NodeId, Integer> epochs = new LinkedHashMap<>();
        for (Member m : shown(t)) {
            epochs.put(m.id(), epochs.size() + 1);
        }
        return epochs;
    }

    /** For each node, its runs of consecutive primary slots as {first, last} pairs, in slot order. */
    static Map<NodeId, List<int[]>> primaryRuns(Ring ring) {
        Map<NodeId, List<int[]>> runs = new LinkedHashMap<>();
        if (ring.members().isEmpty()) {
            return runs;
        }
        for (SlotRange r : primaryRanges(ring)) {
            runs.computeIfAbsent(r.replicas().get(0), k -> new ArrayList<>()).add(new int[] {r.first(), r.last()});
        }
        return runs;
    }

    /** Maximal runs of slots with the same primary (ring.ranges() splits further when replicas differ). */
    static List<SlotRange> primaryRanges(Ring ring) {
        List<SlotRange> out = new ArrayList<>();
        int start = 0;
        NodeId owner = ring.primary(0);
        for (int slot = 1; slot <= HashSlots.SLOT_COUNT; slot++) {
            NodeId next = slot == HashSlots.SLOT_COUNT ? null : ring.primary(slot);
            if (!owner.equals(next)) {
                out.add(new SlotRange(start, slot - 1, List.of(owner)));
                start = slot;
                owner = next;
            }
        }
        return out;
    }

    /** CLUSTER NODES: {@code <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>...}. */
    public static String nodes(Topology t, long nowMs) {
        Map<NodeId, List<int[]>> runs = primaryRuns(t.ring());
        Map<NodeId, Integer> epochs = configEpochs(t);
        StringBuilder sb = new StringBuilder();
        for (Member m : shown(t)) {
            boolean self = m.id().equals(t.self());
            sb.append(m.id()).append(' ')
                    .append(m.address().host()).append(':').append(m.address().clientPort())
                    .append('@').append(m.address().busPort()).append(' ')
                    .append(self ? "myself,master" : "master")
                    .append(m.liveness() == Liveness.SUSPECT ? ",fail?" : m.liveness() == Liveness.DOWN ? ",fail" : "")
                    .append(" - 0 ")
                    .append(self || m.isDown() ? 0 : nowMs).append(' ')
                    .append(epochs.get(m.id())).append(' ')
                    .append(self || !m.isDown() ? "connected" : "disconnected");
            for (int[] run : runs.getOrDefault(m.id(), List.of())) {
                sb.append(' ').append(run[0]);
                if (run[1] != run[0]) {
                    sb.append('-').append(run[1]);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * CLUSTER SLOTS: {@code [start, end, [ip, port, id], replicas...]} for each run of slots with one preference list:
     * the primary, then the other N-1 replicas in preference order. As Redis does, a replica judged down is left out;
     * the primary never is (clients must know whom the slot belongs to).
     */
    public static void slots(Topology t, RespWriter out) {
        List<SlotRange> ranges = ranges(t.ring());
        out.array(ranges.size());
        for (SlotRange r : ranges) {
            List<NodeId> listed = new ArrayList<>();
            for (NodeId id : r.replicas()) {
                if (listed.isEmpty() || !t.member(id).isDown()) {
                    listed.add(id);
                }
            }
            out.array(2 + listed.size());
            out.integer(r.first());
            out.integer(r.last());
            for (NodeId id : listed) {
                Member m = t.member(id);
                out.array(3);
                out.bulk(m.address().host());
                out.integer(m.address().clientPort());
                out.bulk(id.value());
            }
        }
    }

    private static List<SlotRange> ranges(Ring ring) {
        return ring.members().isEmpty() ? List.of() : ring.ranges();
    }

    /**
     * CLUSTER SHARDS (Redis 7): one shard per distinct preference list, holding the slots that list serves as integer
     * pairs and its nodes as flat maps, the primary with role master and the other replicas with role replica. A node
     * therefore appears in several shards; a member that holds no slot yet (joining) is a master of a shard with no
     * slots, as a new Redis master is.
     */
    public static void shards(Topology t, RespWriter out) {
        Map<List<NodeId>, List<int[]>> shards = new LinkedHashMap<>();
        for (SlotRange r : ranges(t.ring())) {
            shards.computeIfAbsent(r.replicas(), k -> new ArrayList<>()).add(new int[] {r.first(), r.last()});
        }
        for (Member m : shown(t)) {
            if (t.ring().member(m.id()).isEmpty()) {
                shards.put(List.of(m.id()), List.of());
            }
        }
        out.array(shards.size());
        for (Map.Entry<List<NodeId>, List<int[]>> shard : shards.entrySet()) {
            out.array(4);
            out.bulk("slots");
            out.array(shard.getValue().size() * 2);
            for (int[] run : shard.getValue()) {
                out.integer(run[0]);
                out.integer(run[1]);
            }
            out.bulk("nodes");
            out.array(shard.getKey().size());
            boolean primary = true;
            for (NodeId id : shard.getKey()) {
                shardNode(t.member(id), primary ? "master" : "replica", out);
                primary = false;
            }
        }
    }

    private static void shardNode(Member m, String role, RespWriter out) {
        out.array(14);
        out.bulk("id");
        out.bulk(m.id().value());
        out.bulk("port");
        out.integer(m.address().clientPort());
        out.bulk("ip");
        out.bulk(m.address().host());
        out.bulk("endpoint");
        out.bulk(m.address().host());
        out.bulk("role");
        out.bulk(role);
        out.bulk("replication-offset");
        out.integer(0);
        out.bulk("health");
        out.bulk(m.isDown() ? "fail" : m.status() == NodeStatus.JOINING ? "loading" : "online");
    }

    /** CLUSTER INFO lines (Redis's fields, then Coterie's own). */
    public static List<String> info(Topology t, int configuredReplicas) {
        Ring ring = t.ring();
        int ok = 0;
        int pfail = 0;
        int fail = 0;
        int moving = 0;
        boolean assigned = !ring.members().isEmpty();
        if (assigned) {
            Ring pending = t.pendingRing();
            boolean pendingAssigned = !pending.members().isEmpty();
            for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
                Liveness l = t.member(ring.primary(slot)).liveness();
                if (l == Liveness.LIVE) {
                    ok++;
                } else if (l == Liveness.SUSPECT) {
                    pfail++;
                } else {
                    fail++;
                }
                if (pendingAssigned && !pending.replicas(slot).equals(ring.replicas(slot))) {
                    moving++;
                }
            }
        }
        Map<NodeId, Integer> epochs = configEpochs(t);
        Member self = t.view().local();
        List<String> l = new ArrayList<>();
        l.add("cluster_state:" + (assigned && fail == 0 ? "ok" : "fail"));
        l.add("cluster_slots_assigned:" + (assigned ? HashSlots.SLOT_COUNT : 0));
        l.add("cluster_slots_ok:" + ok);
        l.add("cluster_slots_pfail:" + pfail);
        l.add("cluster_slots_fail:" + fail);
        l.add("cluster_known_nodes:" + epochs.size());
        l.add("cluster_size:" + ring.members().size());
        l.add("cluster_current_epoch:" + epochs.size());
        l.add("cluster_my_epoch:" + epochs.get(t.self()));
        l.add("cluster_stats_messages_sent:0");
        l.add("cluster_stats_messages_received:0");
        l.add("total_cluster_links_buffer_limit_exceeded:0");
        l.add("coterie_node_id:" + t.self());
        l.add("coterie_node_status:" + self.status());
        l.add("coterie_view_epoch:" + t.epoch());
        l.add("coterie_nodes_joining:" + t.view().withStatus(NodeStatus.JOINING).size());
        l.add("coterie_nodes_leaving:" + t.view().withStatus(NodeStatus.LEAVING).size());
        l.add("coterie_nodes_suspect:" + t.view().withLiveness(Liveness.SUSPECT).size());
        l.add("coterie_nodes_down:" + t.view().withLiveness(Liveness.DOWN).size());
        l.add("coterie_slots_moving:" + moving);
        l.add("coterie_replicas_configured:" + configuredReplicas);
        l.add("coterie_replicas_served:" + t.replicas());
        l.add("coterie_ring_fingerprint:" + Long.toHexString(ring.fingerprint()));
        return l;
    }

    /** CLUSTER RING: every vnode clockwise as {@code [token-slot, node-id, vnode-index, primary-slots]}. */
    public static void ring(Topology t, RespWriter out) {
        List<VirtualNode> vnodes = t.ring().vnodes();
        out.array(vnodes.size());
        for (VirtualNode v : vnodes) {
            out.array(4);
            out.integer(v.tokenSlot());
            out.bulk(v.node().value());
            out.integer(v.index());
            out.integer(v.primarySlots());
        }
    }
}
