package io.coterie.server.cluster.forward;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingMember;
import io.coterie.server.cluster.Topology;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hand-built topologies: every node UP on 127.0.0.1, placement defaults, seen from one of them. */
public final class Topologies {

    public static final NodeId A = new NodeId("a".repeat(40));
    public static final NodeId B = new NodeId("b".repeat(40));
    public static final NodeId C = new NodeId("c".repeat(40));

    private Topologies() {
    }

    /** {@code nodes} maps each node to its address; {@code down} are judged DOWN by {@code self}. */
    public static Topology of(NodeId self, Map<NodeId, Address> nodes, int replicas, NodeId... down) {
        TreeMap<NodeId, Member> members = new TreeMap<>();
        List<NodeId> downList = List.of(down);
        nodes.forEach((id, address) -> members.put(id, new Member(id, address, 1, NodeStatus.UP,
                PlacementInputs.defaults(), downList.contains(id) ? Liveness.DOWN : Liveness.LIVE)));
        Ring ring = Ring.of(nodes.keySet().stream().map(RingMember::of).toList(), replicas);
        return new Topology(new MembershipView(7, self, members), ring, ring, replicas);
    }

    public static Address address(int clientPort, int busPort) {
        return new Address("127.0.0.1", clientPort, busPort);
    }

    /** The first key "prefix0", "prefix1", ... whose owner in {@code t} is {@code owner}. */
    static String keyOwnedBy(Topology t, NodeId owner, String prefix) {
        for (int i = 0; i < 100_000; i++) {
            String k = prefix + i;
            if (RouteDecision.ownerOf(t, k.getBytes(StandardCharsets.UTF_8)).equals(owner)) {
                return k;
            }
        }
        throw new IllegalStateException("no key owned by " + owner);
    }
}
