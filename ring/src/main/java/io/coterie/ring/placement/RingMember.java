package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

import java.util.Objects;
import java.util.Optional;

/**
 * What placement needs to know about a node: who it is, how much it should hold, and where it
 * sits. Host and ports belong to membership, not placement.
 *
 * @param id     the node's permanent identity
 * @param weight relative capacity, 1..{@value #WEIGHT_MAX}; the node runs weight × vnodes-per-weight vnodes
 * @param rack   failure domain; replicas of a slot go to distinct racks where racks are set
 */
public record RingMember(NodeId id, int weight, Optional<String> rack) {

    public static final int WEIGHT_MAX = 1000;

    public RingMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rack, "rack");
        if (weight < 1 || weight > WEIGHT_MAX) {
            throw new IllegalArgumentException("weight must be 1.." + WEIGHT_MAX + ", was " + weight);
        }
        if (rack.isPresent() && rack.get().isBlank()) {
            throw new IllegalArgumentException("rack must not be blank; leave it empty for no rack");
        }
    }

    public static RingMember of(NodeId id) {
        return new RingMember(id, 1, Optional.empty());
    }

    public static RingMember of(NodeId id, int weight) {
        return new RingMember(id, weight, Optional.empty());
    }

    public static RingMember of(NodeId id, int weight, String rack) {
        return new RingMember(id, weight, Optional.of(rack));
    }
}
