package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * (id, generation, max version): a summary of an entry, cheap enough to send for every node each round
 * (Cassandra's gms/GossipDigest). The receiver compares it with its own entry to decide who sends what.
 */
public record Digest(NodeId id, long generation, long maxVersion) {

    /** Digest of an entry the sender does not have at all: anything is newer than it. */
    public static Digest absent(NodeId id) {
        return new Digest(id, -1, -1);
    }

    public Digest {
        Objects.requireNonNull(id, "id");
    }

    /** Whether this digest describes strictly newer knowledge than {@code other}: generation first, then version. */
    public boolean isNewerThan(Digest other) {
        return compareVersions(other) > 0;
    }

    public int compareVersions(Digest other) {
        int byGeneration = Long.compare(generation, other.generation);
        return byGeneration != 0 ? byGeneration : Long.compare(maxVersion, other.maxVersion);
    }
}
