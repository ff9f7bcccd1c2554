package io.coterie.server.cluster.runtime;

import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingMember;

import java.util.Collection;

/**
 * The settings every ring of this cluster is built with: the configured replication factor N (the ring serves
 * min(N, members) copies of each slot) and the vnodes per unit of weight. Every member must use the same ones, which
 * the gossip fingerprint enforces ({@link ClusterRuntime#fingerprint}).
 */
public record RingShape(int replicas, int vnodesPerWeight) {

    public RingShape {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        }
        if (vnodesPerWeight < 1) {
            throw new IllegalArgumentException("vnodes per weight must be >= 1, was " + vnodesPerWeight);
        }
    }

    public static RingShape of(ClusterSettings settings) {
        return new RingShape(settings.replicas(), settings.placement().vnodes());
    }

    /** The ring over exactly {@code members} (any status). */
    public Ring ring(Collection<RingMember> members) {
        return Ring.of(members, replicas, vnodesPerWeight);
    }

    /** Whether {@code ring} was built with these settings (rings are reused across views only then). */
    boolean built(Ring ring) {
        return ring.vnodesPerWeight() == vnodesPerWeight && ring.replicationFactor() == Math.min(replicas, ring.members().size());
    }
}
