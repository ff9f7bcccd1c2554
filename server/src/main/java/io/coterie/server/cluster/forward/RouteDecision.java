package io.coterie.server.cluster.forward;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.placement.RingMember;
import io.coterie.server.cluster.Topology;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing rule, pure: a topology snapshot, a command's spec and arguments in, a {@link Route} out.
 * A keyed command runs on the first healthy node of its key's preference list (SPEC §2: writes are
 * coordinated there; with one replica that node is the only copy, so reads must go there too).
 */
public final class RouteDecision {

    /** Multi-key commands whose keys may span nodes, and how their parts' replies merge. */
    private static final Map<String, Route.Merge> SPLITTABLE = Map.of(
            "mget", Route.Merge.VALUES_IN_KEY_ORDER,
            "mset", Route.Merge.ALL_OK,
            "del", Route.Merge.SUM,
            "unlink", Route.Merge.SUM,
            "exists", Route.Merge.SUM,
            "touch", Route.Merge.SUM);

    /**
     * Keyspace-wide commands that every node runs on its own keys, and how their replies merge. With one
     * replica each key lives on exactly one node, so the merged reply is the cluster's.
     */
    private static final Map<String, Route.Merge> CLUSTER_WIDE = Map.of(
            "dbsize", Route.Merge.SUM,
            "keys", Route.Merge.CONCAT,
            "flushall", Route.Merge.ALL_OK,
            "flushdb", Route.Merge.ALL_OK);

    private RouteDecision() {
    }

    /** Whether a keyless command runs on every node; the owner side accepts exactly these keyless commands. */
    public static boolean isClusterWide(CommandSpec spec) {
        return spec.firstKey() <= 0 && CLUSTER_WIDE.containsKey(spec.name());
    }

    /** The spec's arity must already have been accepted; a malformed key list runs locally so its handler answers. */
    public static Route decide(Topology topology, CommandSpec spec, Args args) {
        int first = spec.firstKey();
        if (topology.ring().members().isEmpty()) {
            return Route.LOCAL;
        }
        if (first <= 0) {
            return isClusterWide(spec) ? everyNode(topology, CLUSTER_WIDE.get(spec.name()), args) : Route.LOCAL;
        }
        int argc = args.count();
        int step = Math.max(1, spec.keyStep());
        int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
        if (first >= argc || last < first || last >= argc
                || (spec.lastKey() < 0 && (argc - first) % step != 0)) {
            return Route.LOCAL;
        }
        NodeId owner = ownerOf(topology, args.bytes(first));
        if (first == last) {
            return at(topology, owner);
        }
        NodeId[] owners = new NodeId[(last - first) / step + 1];
        boolean oneNode = true;
        for (int k = 0; k < owners.length; k++) {
            owners[k] = k == 0 ? owner : ownerOf(topology, args.bytes(first + k * step));
            oneNode &= owners[k].equals(owner);
        }
        if (oneNode) {
            return at(topology, owner);
        }
        Route.Merge merge = SPLITTABLE.get(spec.name());
        if (merge == null) {
            return new Route.Refuse("ERR '" + spec.name() + "' keys belong to different nodes; "
                    + "it cannot run across nodes without losing its atomicity");
        }
        return new Route.FanOut(merge, owners.length, split(args, first, step, owners));
    }

    /**
     * The node that coordinates the key: with one copy its only holder; with replicas the first node of its
     * preference list not judged down — a home replica, or if all of them are down the first live fallback
     * (SPEC §2, sloppy quorum). The primary if nobody is live.
     */
    public static NodeId ownerOf(Topology topology, byte[] key) {
        int slot = HashSlots.slotOf(key);
        NodeId primary = topology.ring().primary(slot);
        if (topology.replicas() == 1 || !isDown(topology, primary)) {
            return primary;
        }
        for (NodeId candidate : topology.ring().preferenceList(slot, topology.ring().members().size())) {
            if (!isDown(topology, candidate)) {
                return candidate;
            }
        }
        return primary;
    }

    /** The command's keys at the spec's key positions; empty when there are none or the key list is malformed. */
    public static List<byte[]> keys(CommandSpec spec, Args args) {
        int first = spec.firstKey();
        int argc = args.count();
        int step = Math.max(1, spec.keyStep());
        int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
        if (first <= 0 || first >= argc || last < first || last >= argc
                || (spec.lastKey() < 0 && (argc - first) % step != 0)) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>((last - first) / step + 1);
        for (int i = first; i <= last; i += step) {
            keys.add(args.bytes(i));
        }
        return keys;
    }

    private static boolean isDown(Topology topology, NodeId id) {
        Optional<Member> m = topology.view().member(id);
        return m.isPresent() && m.get().isDown();
    }

    private static Route at(Topology topology, NodeId owner) {
        return owner.equals(topology.self()) ? Route.LOCAL : new Route.Forward(owner);
    }

    /** The same command on every node that owns slots (this one runs it locally), or locally if that is all. */
    private static Route everyNode(Topology topology, Route.Merge merge, Args args) {
        List<RingMember> owners = topology.ring().members();
        if (owners.size() == 1 && owners.get(0).id().equals(topology.self())) {
            return Route.LOCAL;
        }
        byte[][] argv = new byte[args.count()][];
        for (int i = 0; i < argv.length; i++) {
            argv[i] = args.bytes(i);
        }
        List<Route.Part> parts = new ArrayList<>(owners.size());
        for (RingMember m : owners) {
            parts.add(new Route.Part(m.id(), argv, new int[0]));
        }
        return new Route.FanOut(merge, 0, parts);
    }

    /** One part per node, in order of each node's first key; each keeps its key groups in original order. */
    private static List<Route.Part> split(Args args, int first, int step, NodeId[] owners) {
        Map<NodeId, List<Integer>> byNode = new LinkedHashMap<>();
        for (int k = 0; k < owners.length; k++) {
            byNode.computeIfAbsent(owners[k], n -> new ArrayList<>()).add(k);
        }
        List<Route.Part> parts = new ArrayList<>(byNode.size());
        for (Map.Entry<NodeId, List<Integer>> e : byNode.entrySet()) {
            List<Integer> ordinals = e.getValue();
            byte[][] argv = new byte[1 + ordinals.size() * step][];
            int[] keyOrdinals = new int[ordinals.size()];
            argv[0] = args.bytes(0);
            int at = 1;
            for (int i = 0; i < ordinals.size(); i++) {
                keyOrdinals[i] = ordinals.get(i);
                int from = first + ordinals.get(i) * step;
                for (int j = 0; j < step; j++) {
                    argv[at++] = args.bytes(from + j);
                }
            }
            parts.add(new Route.Part(e.getKey(), argv, keyOrdinals));
        }
        return parts;
    }
}
