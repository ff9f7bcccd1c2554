package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/** One node as a request sees it in a {@link MembershipView}: identity, placement inputs, status and local liveness. */
public record Member(NodeId id, Address address, long generation, NodeStatus status, PlacementInputs placement, Liveness liveness) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(liveness, "liveness");
    }

    public boolean isDown() {
        return liveness == Liveness.DOWN;
    }
}
