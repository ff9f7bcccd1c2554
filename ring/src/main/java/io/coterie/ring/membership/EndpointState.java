package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * Everything one node says about itself (Cassandra's gms/EndpointState with HeartBeatState and typed application
 * states). Only the node itself creates new versions of its state; everyone else only merges copies.
 *
 * <p>All versions come from one counter per generation, so {@link #maxVersion()} summarises the whole state in a
 * {@link Digest}.
 *
 * @param heartbeat   version bumped every local gossip tick; a newer heartbeat reaching an observer is what feeds
 *                    its failure detector
 * @param suspicions  the peers this node currently suspects, for the two-observer rule
 */
public record EndpointState(
        NodeId id,
        long generation,
        long heartbeat,
        Versioned<Address> address,
        Versioned<NodeStatus> status,
        Versioned<PlacementInputs> placement,
        Versioned<Suspicions> suspicions) implements EndpointEntry {

    public EndpointState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(suspicions, "suspicions");
        if (generation < 0 || heartbeat < 0) {
            throw new IllegalArgumentException("generation and heartbeat must be >= 0: " + generation + ", " + heartbeat);
        }
    }

    /** A node's state at process start: versions 1..4 for the fields, heartbeat 4 (the highest so far). */
    public static EndpointState initial(NodeId id, long generation, Address address, NodeStatus status, PlacementInputs placement) {
        return new EndpointState(id, generation, 4, new Versioned<>(address, 1), new Versioned<>(status, 2),
                new Versioned<>(placement, 3), new Versioned<>(Suspicions.none(), 4));
    }

    @Override
    public long maxVersion() {
        return Math.max(Math.max(heartbeat, address.version()),
                Math.max(Math.max(status.version(), placement.version()), suspicions.version()));
    }

    public EndpointState withHeartbeat(long version) {
        return new EndpointState(id, generation, version, address, status, placement, suspicions);
    }

    public EndpointState withStatus(NodeStatus next, long version) {
        return new EndpointState(id, generation, heartbeat, address, new Versioned<>(next, version), placement, suspicions);
    }

    public EndpointState withPlacement(PlacementInputs next, long version) {
        return new EndpointState(id, generation, heartbeat, address, status, new Versioned<>(next, version), suspicions);
    }

    public EndpointState withSuspicions(Suspicions next, long version) {
        return new EndpointState(id, generation, heartbeat, address, status, placement, new Versioned<>(next, version));
    }
}
