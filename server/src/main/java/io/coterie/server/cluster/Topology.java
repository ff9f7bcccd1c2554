package io.coterie.server.cluster;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.placement.Ring;

import java.util.List;
import java.util.Objects;

/**
 * One immutable snapshot of the cluster as this node sees it: a request routes on one snapshot from
 * start to finish (STYLE.md: topology is an immutable, epoch-stamped value).
 *
 * @param view         membership and liveness as gossip last reported it
 * @param ring         placement over the members that own data now (UP and LEAVING nodes)
 * @param pendingRing  placement once the moves under way complete (joining nodes in, leaving nodes out);
 *                     equal to {@code ring} when nothing is moving. Writes to a moving slot go to both.
 * @param replicas     the replication factor in force: the configured N capped at the ring's size
 */
public record Topology(MembershipView view, Ring ring, Ring pendingRing, int replicas) {

    public Topology {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(pendingRing, "pendingRing");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        }
    }

    public NodeId self() {
        return view.localId();
    }

    public long epoch() {
        return view.epoch();
    }

    /** The nodes that hold {@code key}'s slot, primary first. */
    public List<NodeId> replicasOf(byte[] key) {
        return ring.preferenceList(HashSlots.slotOf(key), replicas);
    }

    public Member member(NodeId id) {
        return view.member(id).orElseThrow(() -> new IllegalArgumentException("not a member: " + id));
    }

    /** True while some slot is moving (a join, leave or forget is streaming). */
    public boolean isMoving() {
        return ring.fingerprint() != pendingRing.fingerprint();
    }
}
