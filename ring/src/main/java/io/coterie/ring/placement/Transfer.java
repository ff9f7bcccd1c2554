package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * One slot-replica that must be streamed after a membership change: {@code to} becomes a replica of
 * {@code slot} and copies it from {@code from}, which held a replica of the slot before the change.
 */
public record Transfer(int slot, NodeId from, NodeId to) {

    public Transfer {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (slot < 0 || slot >= HashSlots.SLOT_COUNT) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer moves data between two different nodes: " + from);
        }
    }
}
