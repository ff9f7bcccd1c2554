package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

/**
 * One of a node's vnodes, as CLUSTER RING lists them: vnode {@code index} of {@code node} is anchored
 * at {@code tokenSlot} (its first claim) and is the primary claim behind {@code primarySlots} slots.
 */
public record VirtualNode(NodeId node, int index, int tokenSlot, int primarySlots) {
}
