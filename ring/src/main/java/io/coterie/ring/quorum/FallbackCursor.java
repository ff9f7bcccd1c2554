package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.Optional;

/** Hands out the live fallbacks of a {@link Placement} in ring order, each at most once per request. */
final class FallbackCursor {

    private final Placement placement;
    private int next;

    FallbackCursor(Placement placement) {
        this.placement = placement;
    }

    Optional<NodeId> next() {
        while (next < placement.fallbacks().size()) {
            NodeId candidate = placement.fallbacks().get(next++);
            if (placement.isLive(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
