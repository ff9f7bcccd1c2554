package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.RememberedMember;

import java.util.List;
import java.util.Objects;

/**
 * What a node keeps across restarts so that it comes back as the same node and finds its peers again
 * (issue #4: "a node remembers its id and the last known membership in its data directory").
 *
 * @param id      this node's permanent id, generated once
 * @param joined  whether this node completed a join (or founded the cluster) and has not left since: such a node
 *                restarts UP with its data; one that has not joined yet, or has left, (re)joins and streams first
 * @param peers       the other members last known (id, address, generation, status, placement): the next start's
 *                    seeds, and the ring it starts from before it hears from anyone
 * @param generation  the gossip generation of the last start, 0 if none saved: the next start must use a higher one,
 *                    or peers would keep the old incarnation's state and never see this node LIVE again
 */
public record ClusterState(NodeId id, boolean joined, List<RememberedMember> peers, long generation) {

    public ClusterState {
        Objects.requireNonNull(id, "id");
        peers = List.copyOf(peers);
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0, was " + generation);
        }
    }

    /** A state with no generation saved yet (a node's first start). */
    public ClusterState(NodeId id, boolean joined, List<RememberedMember> peers) {
        this(id, joined, peers, 0);
    }

    public ClusterState withJoined(boolean next) {
        return new ClusterState(id, next, peers, generation);
    }

    public ClusterState withPeers(List<RememberedMember> next) {
        return new ClusterState(id, joined, next, generation);
    }

    public ClusterState withGeneration(long next) {
        return new ClusterState(id, joined, peers, next);
    }

    /**
     * The generation for a new start: the wall clock as Cassandra does, but never at or below the saved one, because
     * a clock stepped back across a restart would otherwise make peers ignore this node (the simulator's
     * livenessCatchesAGenerationThatGoesBackwards shows it).
     */
    public long nextGeneration(long nowMs) {
        return Math.max(nowMs, generation + 1);
    }
}
