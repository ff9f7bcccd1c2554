package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import java.util.HashMap;
import java.util.Map;

/**
 * When this node first saw each member DOWN, for the hint window. Gossip carries no down-since time
 * (liveness is judged locally, see {@code Liveness}), so the clock starts at the first view this node
 * observes with the member down; after a restart it starts again at the first view after it. Owned by
 * the hint thread.
 */
final class DownSince {

    private final Map<NodeId, Long> sinceMs = new HashMap<>();

    void observe(MembershipView view, long nowMs) {
        sinceMs.keySet().removeIf(id -> view.member(id).map(m -> !m.isDown()).orElse(true));
        for (Member m : view.members().values()) {
            if (m.isDown()) {
                sinceMs.putIfAbsent(m.id(), nowMs);
            }
        }
    }

    /** When {@code id} was first seen down, or {@code nowMs} if it is not down (a replica that only timed out). */
    long downSinceMs(NodeId id, long nowMs) {
        return sinceMs.getOrDefault(id, nowMs);
    }
}
