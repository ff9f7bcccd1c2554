package io.coterie.server.cluster.stream;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.RingMember;
import io.coterie.server.cluster.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AddressesFromTopologyTest {

    private final SplittableRandom random = new SplittableRandom(3);
    private final NodeId self = NodeId.random(random);
    private final NodeId peer = NodeId.random(random);

    @Test
    void readsTheCurrentTopologyAtEveryCall() {
        AtomicReference<Topology> current = new AtomicReference<>(topology(16379));
        Function<NodeId, BusAddress> addresses = BusDataMover.addressesFrom(current::get);
        assertEquals(new BusAddress("127.0.0.2", 16379), addresses.apply(peer));

        current.set(topology(26379)); // the peer restarted on another bus port
        assertEquals(new BusAddress("127.0.0.2", 26379), addresses.apply(peer));
        assertNull(addresses.apply(NodeId.random(random)), "not a member");
    }

    private Topology topology(int peerBusPort) {
        TreeMap<NodeId, Member> members = new TreeMap<>();
        members.put(self, member(self, new Address("127.0.0.1", 6379, 16379)));
        members.put(peer, member(peer, new Address("127.0.0.2", 6379, peerBusPort)));
        Ring ring = Ring.of(List.of(RingMember.of(self), RingMember.of(peer)), 1);
        return new Topology(new MembershipView(1, self, members), ring, ring, 1);
    }

    private static Member member(NodeId id, Address address) {
        return new Member(id, address, 1, NodeStatus.UP, PlacementInputs.defaults(), Liveness.LIVE);
    }
}
