package io.coterie.sim.coord;

/**
 * Deliberately broken variants, built in the simulation around the unchanged production classes, to show the checker
 * catches the faults a Dynamo-style store is known for.
 */
public enum CoordinatorBug {
    NONE,
    /** A replica acknowledges a replicated write without storing it: the coordinator counts W acks that are not copies. */
    REPLICA_ACKS_WITHOUT_WRITING,
    /** Each node's disk keeps only the last-writer-wins sibling of every record, under the merged clock: siblings vanish. */
    STORE_KEEPS_ONLY_LWW,
    /**
     * The bug this simulation found: a node serves keys as soon as it starts, from a topology of itself alone (one
     * copy of everything) until its first gossip exchange. Production now answers TRYAGAIN until it has heard from a
     * peer ({@code TopologySource.knowsCluster}); this variant's topology source says it always knows the cluster, and
     * its nodes forget the ring at restart as they did then (a remembered ring now covers most restarts; the rule
     * still guards a node whose state file is new or lost).
     */
    SERVES_BEFORE_KNOWING_THE_CLUSTER,
    /**
     * The second bug it found (seed 139478204617963): a restarted node that keeps no record of the ring. Two nodes
     * restarted on one side of a partition hear only each other, see a two-node cluster, place keys on themselves and
     * acknowledge QUORUM writes there that the real replicas never see. Production saves its peers in
     * cluster-state.conf and starts from that ring; this variant's nodes start from nothing.
     */
    FORGETS_THE_RING_AT_RESTART,
    /**
     * A node restarted after a crash mints dots under its old id, counting on from its own copy of each key; under
     * {@code appendfsync everysec} a power loss can take its newest writes, so it mints a dot its replicas already
     * hold for another value, and one of the two silently replaces the other. Production mints under a new actor id
     * after any unclean shutdown ({@code VersionActor}); this variant also drops the HLC lease, as nodes had none then.
     */
    REUSES_DOTS_AFTER_A_CRASH;

    /** Whether nodes save the members they know and start from them, as production's cluster-state.conf. */
    boolean remembersTheRing() {
        return this != FORGETS_THE_RING_AT_RESTART && this != SERVES_BEFORE_KNOWING_THE_CLUSTER;
    }
}
