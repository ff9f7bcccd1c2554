package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of the cluster as this node sees it, stamped with a local epoch that grows by one each time
 * anything in it changes (as Cassandra's tcm/ClusterMetadata is epoch-stamped). A request takes one view and works on
 * it throughout. Heartbeat counters are deliberately absent, so a view changes only when something that matters does.
 *
 * <p>The epoch is local: two nodes with identical members may have different epochs; compare with
 * {@link #sameMembersAs}.
 */
public record MembershipView(long epoch, NodeId localId, SortedMap<NodeId, Member> members) {

    public MembershipView {
        Objects.requireNonNull(localId, "localId");
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        if (!members.containsKey(localId)) {
            throw new IllegalArgumentException("a view always contains the local node " + localId);
        }
    }

    public Member local() {
        return members.get(localId);
    }

    public Optional<Member> member(NodeId id) {
        return Optional.ofNullable(members.get(id));
    }

    /** Members that hold ring positions (UP or LEAVING), in id order: the input placement builds the ring from. */
    public List<Member> ringMembers() {
        return members.values().stream().filter(m -> m.status().ownsRingPositions()).toList();
    }

    /** Members in {@code status}, e.g. JOINING nodes whose pending ranges receive writes during a move. */
    public List<Member> withStatus(NodeStatus status) {
        return members.values().stream().filter(m -> m.status() == status).toList();
    }

    public List<Member> withLiveness(Liveness liveness) {
        return members.values().stream().filter(m -> m.liveness() == liveness).toList();
    }

    public boolean sameMembersAs(MembershipView other) {
        return members.equals(other.members);
    }
}
