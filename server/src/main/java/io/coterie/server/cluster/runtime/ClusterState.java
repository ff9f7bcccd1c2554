package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;

import java.util.List;
import java.util.Objects;

/**
 * What a node keeps across restarts so that it comes back as the same node and finds its peers again
 * (issue #4: "a node remembers its id and the last known membership in its data directory").
 *
 * @param id      this node's permanent id, generated once
 * @param joined  whether this node completed a join (or founded the cluster) and has not left since: such a node
 *                restarts UP with its data; one that has not joined yet, or has left, (re)joins and streams first
 * @param peers   the other members last known, with the bus ports they advertised; seeds for the next start
 */
public record ClusterState(NodeId id, boolean joined, List<Address> peers) {

    public ClusterState {
        Objects.requireNonNull(id, "id");
        peers = List.copyOf(peers);
    }

    public ClusterState withJoined(boolean next) {
        return new ClusterState(id, next, peers);
    }

    public ClusterState withPeers(List<Address> next) {
        return new ClusterState(id, joined, next);
    }
}
