package io.coterie.sim.toykv;

/** Deliberate faults in the toy store, so the checker can be shown catching a broken implementation end to end. */
enum ToyBug {
    /** A correct naive replicated register. */
    NONE,
    /** The coordinator acknowledges as soon as it applied the write in memory: before W replicas, before fsync. */
    ACK_BEFORE_W,
    /** Replicas resolve concurrent versions by timestamp, dropping siblings. */
    LAST_WRITE_WINS
}
