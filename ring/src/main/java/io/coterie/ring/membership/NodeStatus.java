package io.coterie.ring.membership;

/**
 * A node's lifecycle status, announced only by the node itself (Cassandra's STATUS application state). Liveness
 * (live/suspect/down) is a separate, locally judged property: see {@link Liveness}. Forgetting is not a status but a
 * {@link Tombstone}, because the forgotten node cannot announce it.
 */
public enum NodeStatus {
    /** Known to the cluster, streaming the slots it will own; not yet serving them (SPEC "Membership changes"). */
    JOINING,
    /** Owns and serves its share of the ring. */
    UP,
    /** Streaming its data away before it exits (CLUSTER LEAVE or SIGTERM); still owns its slots until LEFT. */
    LEAVING,
    /** Has handed everything off and exited; owns nothing. Terminal. */
    LEFT;

    /**
     * The only transitions a node may announce about itself: forward through the lifecycle, never back. The one
     * exception is not announced but made by the {@link Gossiper}: a node that started alone and is met into a cluster
     * that owns the ring goes UP → JOINING before any peer has seen it UP.
     */
    public boolean canBecome(NodeStatus next) {
        return switch (this) {
            case JOINING -> next == UP || next == LEAVING;
            case UP -> next == LEAVING;
            case LEAVING -> next == LEFT;
            case LEFT -> false;
        };
    }

    /** Whether a node in this status holds positions on the ring (placement computes preference lists from these). */
    public boolean ownsRingPositions() {
        return this == UP || this == LEAVING;
    }
}
