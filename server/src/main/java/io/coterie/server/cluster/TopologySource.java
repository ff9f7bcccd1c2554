package io.coterie.server.cluster;

import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;

/** Where request code gets the current {@link Topology}; reads are cheap (a volatile read) and never block. */
@FunctionalInterface
public interface TopologySource {

    /** The text of the reply to a keyed command while {@link #knowsCluster()} is false. */
    String NOT_SETTLED = "TRYAGAIN this node has not heard from its cluster since it started; retry shortly";

    Topology current();

    /**
     * False while this node belongs to a cluster but has not heard from any peer since it started (a restart or a
     * join, before its first gossip exchange). A first start has a topology of itself alone, with one copy of every
     * key, so a keyed command run on it would be acknowledged on one copy that may not even be a replica, and a read
     * would miss what the replicas hold; a restart starts from the ring it saved, with every peer DOWN, which may be
     * out of date. Keyed commands are refused with {@link #NOT_SETTLED} until then.
     */
    default boolean knowsCluster() {
        return true;
    }

    /** Whether {@code view} shows a peer heard of since this start: any other member not DOWN (remembered ones are). */
    static boolean heardFromAPeer(MembershipView view) {
        for (Member m : view.members().values()) {
            if (!m.id().equals(view.localId()) && !m.isDown()) {
                return true;
            }
        }
        return false;
    }
}
