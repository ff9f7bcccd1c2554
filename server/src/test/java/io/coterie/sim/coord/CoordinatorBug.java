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
    STORE_KEEPS_ONLY_LWW
}
