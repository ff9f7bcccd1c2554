package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

/**
 * What the cluster knows about one node id: either its gossiped state or a tombstone left by CLUSTER FORGET.
 * Entries for the same id combine with {@link EntryMerge#merge}, a join: commutative, associative and idempotent,
 * so gossip can deliver them in any order, any number of times.
 */
public sealed interface EndpointEntry permits EndpointState, Tombstone {

    NodeId id();

    /** The incarnation: the owner's start time in ms, so a restarted node supersedes everything its old self said. */
    long generation();

    /** Highest version within the generation; {@link Tombstone#VERSION} for a tombstone so it wins its generation. */
    long maxVersion();

    default Digest digest() {
        return new Digest(id(), generation(), maxVersion());
    }
}
