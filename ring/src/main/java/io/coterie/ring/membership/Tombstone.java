package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * CLUSTER FORGET's record that {@code id} at {@code generation} (and every older incarnation) is gone. It beats any
 * state of that generation or older, however high its version, so stale gossip from nodes that have not heard of the
 * forget cannot resurrect the node; a genuinely restarted node (a newer generation) beats it and rejoins. Kept for a
 * retention period measured from {@code forgottenAtMs}, as Cassandra keeps removed endpoints' state for three days.
 */
public record Tombstone(NodeId id, long generation, long forgottenAtMs) implements EndpointEntry {

    /** A tombstone's version: above any real version, so it wins its own generation. */
    public static final long VERSION = Long.MAX_VALUE;

    public Tombstone {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public long maxVersion() {
        return VERSION;
    }
}
