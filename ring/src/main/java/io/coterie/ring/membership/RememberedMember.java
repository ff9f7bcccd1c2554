package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a node keeps on disk about a peer so that, after a restart, it knows the whole ring before it hears from
 * anyone (Cassandra's system.peers). Without it a restarted node's ring holds only the nodes it has heard from since:
 * two nodes restarted on the same side of a partition would see a two-node cluster, place keys on themselves alone
 * and acknowledge QUORUM writes that the real replicas never see.
 */
public record RememberedMember(NodeId id, Address address, long generation, NodeStatus status, PlacementInputs placement) {

    public RememberedMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(placement, "placement");
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0: " + generation);
        }
    }

    public static RememberedMember of(Member member) {
        return new RememberedMember(member.id(), member.address(), member.generation(), member.status(), member.placement());
    }

    /** The peers of a view worth remembering: every member but the local node and those that have left. */
    public static List<RememberedMember> peersIn(MembershipView view) {
        List<RememberedMember> peers = new ArrayList<>();
        for (Member m : view.members().values()) {
            if (!m.id().equals(view.localId()) && m.status() != NodeStatus.LEFT) {
                peers.add(of(m));
            }
        }
        return peers;
    }

    /**
     * The state a restarted node starts from: that generation at version 0, so anything a peer gossips about the same
     * incarnation supersedes it field by field, and a later incarnation or a tombstone replaces it.
     */
    EndpointState toState() {
        return new EndpointState(id, generation, 0, new Versioned<>(address, 0), new Versioned<>(status, 0),
                new Versioned<>(placement, 0), new Versioned<>(Suspicions.none(), 0));
    }
}
