package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The two-observer rule of issue #4: a node is DOWN only when at least {@code observersForDownMin} (2) independent
 * observers currently suspect its current generation. Observers are this node (through its own phi-accrual detector)
 * and every peer this node does not itself suspect, through the suspicions it gossips in its endpoint state; a peer we
 * cannot hear from cannot vouch for anything, so its frozen opinion is ignored.
 *
 * <p>When fewer observers than that can exist — a two-node cluster, or every other peer is itself unreachable from
 * here — the requirement drops to the number of possible observers, never below one (this node). Refusing to ever mark
 * the only other node of a two-node cluster down would leave the survivor sending to a dead replica forever and never
 * hinting; a false DOWN only costs hints and is undone by the next heartbeat, while the rule's purpose — that one
 * observer's local trouble (a GC pause, a bad link) cannot convict a healthy node — is kept by the local-pause grace
 * in {@link Gossiper} and by heartbeats travelling through gossip, i.e. along every path rather than one link.
 *
 * <p>A node that announced LEFT needs no agreement: it said it is leaving, so local silence suffices.
 */
final class DownRule {

    private DownRule() {
    }

    static Map<NodeId, Liveness> classify(NodeId self, Map<NodeId, EndpointEntry> entries, Set<NodeId> locallySuspected,
                                          int observersForDownMin) {
        Map<NodeId, EndpointState> others = new TreeMap<>();
        for (EndpointEntry entry : entries.values()) {
            if (entry instanceof EndpointState state && !state.id().equals(self)) {
                others.put(state.id(), state);
            }
        }
        // Peers whose opinion counts: those we hear from, and that have not left.
        Map<NodeId, EndpointState> observers = new TreeMap<>();
        for (EndpointState peer : others.values()) {
            if (!locallySuspected.contains(peer.id()) && peer.status().value() != NodeStatus.LEFT) {
                observers.put(peer.id(), peer);
            }
        }
        // Count each target's agreeing peers once over all gossiped suspicions: O(members + suspicions), not O(n^2).
        Map<NodeId, Integer> peersSuspecting = new HashMap<>();
        for (EndpointState observer : observers.values()) {
            for (Map.Entry<NodeId, Long> suspected : observer.suspicions().value().generations().entrySet()) {
                EndpointState target = others.get(suspected.getKey());
                if (target != null && target.generation() == suspected.getValue() && !target.id().equals(observer.id())) {
                    peersSuspecting.merge(target.id(), 1, Integer::sum);
                }
            }
        }
        Map<NodeId, Liveness> liveness = new HashMap<>();
        liveness.put(self, Liveness.LIVE);
        for (EndpointState target : others.values()) {
            boolean suspectedHere = locallySuspected.contains(target.id());
            if (target.status().value() == NodeStatus.LEFT) {
                liveness.put(target.id(), suspectedHere ? Liveness.DOWN : Liveness.LIVE);
                continue;
            }
            int agreeing = (suspectedHere ? 1 : 0) + peersSuspecting.getOrDefault(target.id(), 0);
            int possible = 1 + observers.size() - (observers.containsKey(target.id()) ? 1 : 0);
            int required = Math.max(1, Math.min(observersForDownMin, possible));
            if (agreeing >= required) {
                liveness.put(target.id(), Liveness.DOWN);
            } else {
                liveness.put(target.id(), suspectedHere ? Liveness.SUSPECT : Liveness.LIVE);
            }
        }
        return liveness;
    }
}
