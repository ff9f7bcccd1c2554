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
     * peer ({@code TopologySource.knowsCluster}); this variant's topology source says it always knows the cluster.
     */
    SERVES_BEFORE_KNOWING_THE_CLUSTER
}
