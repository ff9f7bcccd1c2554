package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingMember;
import io.coterie.server.cluster.Topology;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Derives a {@link Topology} from a membership view: pure, so it is tested without a cluster. A ring is rebuilt only
 * when its inputs change; liveness changes (the usual view change) reuse the previous rings.
 */
public final class Topologies {

    private Topologies() {
    }

    /**
     * The topology of {@code view}, reusing {@code previous}'s rings where their members did not change. Its replication
     * factor is the configured N capped at the number of ring members (a cluster of two keeps two copies).
     */
    public static Topology of(MembershipView view, RingShape shape, Optional<Topology> previous) {
        List<RingMember> owners = ringMembers(view.members().values().stream()
                .filter(m -> m.status().ownsRingPositions()).toList());
        List<RingMember> pending = ringMembers(view.members().values().stream()
                .filter(m -> m.status() == NodeStatus.UP || m.status() == NodeStatus.JOINING).toList());
        Ring ring = reuse(previous.map(Topology::ring), owners, shape)
                .or(() -> reuse(previous.map(Topology::pendingRing), owners, shape))
                .orElseGet(() -> shape.ring(owners));
        Ring pendingRing = pending.equals(owners) ? ring
                : reuse(previous.map(Topology::pendingRing), pending, shape)
                        .orElseGet(() -> shape.ring(pending));
        return new Topology(view, ring, pendingRing, Math.max(1, ring.replicationFactor()));
    }

    /**
     * The ring over {@code members} (sorted by id), taken from {@code current}'s ring or pending ring when one of them
     * is over exactly these members: a join's or leave's diff usually compares those two, and a ring costs a few
     * hundred milliseconds to build on a cold JVM under load.
     */
    static Ring ringOver(List<RingMember> members, RingShape shape, Topology current) {
        return reuse(Optional.of(current.ring()), members, shape)
                .or(() -> reuse(Optional.of(current.pendingRing()), members, shape))
                .orElseGet(() -> shape.ring(members));
    }

    public static RingMember ringMember(Member m) {
        return new RingMember(m.id(), m.placement().weight(), m.placement().rackIfConfigured());
    }

    static List<RingMember> ringMembers(Collection<Member> members) {
        return members.stream().map(Topologies::ringMember).sorted(Comparator.comparing(RingMember::id)).toList();
    }

    /** The members of {@code ring} plus or minus one node, for the ring diffs of a join or a leave. */
    static List<RingMember> without(List<RingMember> members, NodeId id) {
        return members.stream().filter(m -> !m.id().equals(id)).toList();
    }

    private static Optional<Ring> reuse(Optional<Ring> candidate, List<RingMember> members, RingShape shape) {
        return candidate.filter(r -> r.members().equals(members) && shape.built(r));
    }
}
