package io.coterie.compat.faults;

/** What the real-process nemesis does to the cluster, each undone when its duration is over. */
enum FaultKind {
    /** kill -9 one node; restart it on the same port and data directory afterwards. */
    KILL(false),
    /** SIGSTOP one node (sockets stay open, nothing answers); SIGCONT afterwards. */
    PAUSE(false),
    /** kill -9 one node and delete its data directory (a replaced disk); restart it empty. Only in broken-setup runs. */
    WIPE(false),
    /** A random minority against the majority, both directions. */
    PARTITION_SPLIT(true),
    /** One node against the rest, both directions. */
    PARTITION_ISOLATE(true),
    /** One side's packets to the other are dropped; the other direction works. */
    PARTITION_ONE_WAY(true);

    private final boolean partition;

    FaultKind(boolean partition) {
        this.partition = partition;
    }

    boolean isPartition() {
        return partition;
    }
}
