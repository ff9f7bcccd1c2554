package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.quorum.Placement;
import io.coterie.server.cluster.Topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one key lives for one request, from one topology snapshot: its {@link Placement} (home
 * replicas, sloppy-quorum fallbacks, who is live) plus the nodes that are about to become replicas
 * while a slot moves (in the pending ring's preference list but not the current one) — writes go to
 * them too, so a joining node does not miss writes made after its stream copied the slot.
 */
public record KeyPlacement(int slot, Placement placement, List<NodeId> pendingOnly) {

    public static KeyPlacement of(Topology topology, byte[] key) {
        int slot = HashSlots.slotOf(key);
        int n = topology.replicas();
        List<NodeId> everyone = topology.ring().preferenceList(slot, topology.ring().members().size());
        List<NodeId> home = everyone.subList(0, Math.min(n, everyone.size()));
        List<NodeId> fallbacks = everyone.subList(home.size(), everyone.size());
        Set<NodeId> live = new HashSet<>();
        for (Member m : topology.view().members().values()) {
            if (!m.isDown()) {
                live.add(m.id());
            }
        }
        live.add(topology.self());
        List<NodeId> pendingOnly = List.of();
        if (topology.isMoving()) {
            pendingOnly = new ArrayList<>();
            // The pending ring's own N: a cluster growing past N copies has more replicas pending than it has now.
            for (NodeId id : topology.pendingRing().preferenceList(slot, topology.pendingRing().replicationFactor())) {
                if (!home.contains(id)) {
                    pendingOnly.add(id);
                }
            }
        }
        return new KeyPlacement(slot, new Placement(home, fallbacks, live), List.copyOf(pendingOnly));
    }

    /** True when this node is a live home replica, so it may coordinate a read here. */
    public boolean isHomeReplica(NodeId node) {
        return placement.isHome(node) && placement.isLive(node);
    }
}
