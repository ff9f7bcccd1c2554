package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;

import java.util.SortedMap;
import java.util.TreeMap;

/** Membership views for tests: node {@code n} has id n repeated 40 times, client port 7000+n, bus 17000+n. */
public final class Views {

    private Views() {
    }

    public static NodeId id(int n) {
        return new NodeId(Character.toString(Character.forDigit(n, 16)).repeat(40));
    }

    public static Member member(int n, NodeStatus status, Liveness liveness) {
        return new Member(id(n), new Address("127.0.0.1", 7000 + n, 17000 + n), 1, status, PlacementInputs.defaults(), liveness);
    }

    public static Member up(int n) {
        return member(n, NodeStatus.UP, Liveness.LIVE);
    }

    public static MembershipView view(long epoch, int self, Member... members) {
        SortedMap<NodeId, Member> m = new TreeMap<>();
        for (Member member : members) {
            m.put(member.id(), member);
        }
        return new MembershipView(epoch, id(self), m);
    }
}
