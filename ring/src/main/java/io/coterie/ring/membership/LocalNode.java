package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * Who this process is: its permanent id, where it listens, its placement inputs, and the status it starts in
 * (UP for the first node of a new cluster, JOINING for a node that must first stream its slots).
 *
 * @param alone  started UP with no peers (no seeds, none remembered): if the first nodes it hears of own ring
 *               positions, it was met into an existing cluster and rejoins it as JOINING (see {@link Gossiper})
 *               instead of serving slots it has no data for; if they are all joining, it is their founder
 */
public record LocalNode(NodeId id, Address address, PlacementInputs placement, NodeStatus initialStatus,
                        boolean alone) {

    public LocalNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(initialStatus, "initialStatus");
        if (initialStatus != NodeStatus.UP && initialStatus != NodeStatus.JOINING) {
            throw new IllegalArgumentException("a node starts UP or JOINING, not " + initialStatus);
        }
        if (alone && initialStatus != NodeStatus.UP) {
            throw new IllegalArgumentException("a node alone starts UP");
        }
    }

    /** A node that starts with peers to contact (seeds or remembered members). */
    public LocalNode(NodeId id, Address address, PlacementInputs placement, NodeStatus initialStatus) {
        this(id, address, placement, initialStatus, false);
    }
}
