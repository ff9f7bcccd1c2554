package io.coterie.server.cluster;

/** Where request code gets the current {@link Topology}; reads are cheap (a volatile read) and never block. */
@FunctionalInterface
public interface TopologySource {

    /** The text of the reply to a keyed command while {@link #knowsCluster()} is false. */
    String NOT_SETTLED = "TRYAGAIN this node has not heard from its cluster since it started; retry shortly";

    Topology current();

    /**
     * False while this node belongs to a cluster but has not heard from any peer since it started (a restart or a
     * join, before its first gossip exchange): its topology is then itself alone, with one copy of every key, so a
     * keyed command run on it would be acknowledged on one copy that may not even be a replica, and a read would
     * miss what the replicas hold. Keyed commands are refused with {@link #NOT_SETTLED} until then.
     */
    default boolean knowsCluster() {
        return true;
    }
}
