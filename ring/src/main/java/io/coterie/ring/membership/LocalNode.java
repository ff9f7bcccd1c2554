package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * Who this process is: its permanent id, where it listens, its placement inputs, and the status it starts in
 * (UP for the first node of a new cluster, JOINING for a node that must first stream its slots).
 */
public record LocalNode(NodeId id, Address address, PlacementInputs placement, NodeStatus initialStatus) {

    public LocalNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(initialStatus, "initialStatus");
        if (initialStatus != NodeStatus.UP && initialStatus != NodeStatus.JOINING) {
            throw new IllegalArgumentException("a node starts UP or JOINING, not " + initialStatus);
        }
    }
}
