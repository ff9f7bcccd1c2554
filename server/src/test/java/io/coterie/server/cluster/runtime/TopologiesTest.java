package io.coterie.server.cluster.runtime;

import static io.coterie.server.cluster.runtime.Views.id;
import static io.coterie.server.cluster.runtime.Views.member;
import static io.coterie.server.cluster.runtime.Views.up;
import static io.coterie.server.cluster.runtime.Views.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.placement.RingMember;
import io.coterie.server.cluster.Topology;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopologiesTest {

    private static List<NodeId> ids(List<RingMember> members) {
        return members.stream().map(RingMember::id).toList();
    }

    @Test
    void aClusterOfOneOwnsEverySlot() {
        Topology t = Topologies.of(view(1, 1, up(1)), new RingShape(3, 256), Optional.empty());
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            assertEquals(id(1), t.ring().primary(slot));
        }
        assertEquals(List.of(id(1)), t.replicasOf("any".getBytes()));
        assertFalse(t.isMoving());
        assertEquals(1, t.replicas(), "N = 3 capped at one member");
    }

    @Test
    void theRingHoldsUpAndLeavingNodesThePendingRingUpAndJoiningOnes() {
        Topology t = Topologies.of(view(1, 1, up(1), member(2, NodeStatus.JOINING, Liveness.LIVE),
                member(3, NodeStatus.LEAVING, Liveness.LIVE), member(4, NodeStatus.LEFT, Liveness.LIVE),
                member(5, NodeStatus.UP, Liveness.DOWN)), new RingShape(3, 16), Optional.empty());
        assertEquals(List.of(id(1), id(3), id(5)), ids(t.ring().members()));
        assertEquals(List.of(id(1), id(2), id(5)), ids(t.pendingRing().members()));
        assertTrue(t.isMoving());
        assertEquals(3, t.ring().replicationFactor(), "three ring members keep the configured three copies");
        assertEquals(3, t.replicas());
    }

    @Test
    void theReplicationFactorIsTheConfiguredNCappedAtTheRingMembers() {
        Topology two = Topologies.of(view(1, 1, up(1), up(2), member(3, NodeStatus.JOINING, Liveness.LIVE)),
                new RingShape(3, 16), Optional.empty());
        assertEquals(2, two.replicas());
        assertEquals(2, two.replicasOf("k".getBytes()).size());
        assertEquals(3, two.pendingRing().replicationFactor(), "the ring after the join keeps three copies");
        Topology four = Topologies.of(view(1, 1, up(1), up(2), up(3), up(4)), new RingShape(3, 16), Optional.empty());
        assertEquals(3, four.replicas());
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot += 101) {
            List<NodeId> replicas = four.ring().replicas(slot);
            assertEquals(3, replicas.size());
            assertEquals(four.ring().primary(slot), replicas.get(0));
        }
        Topology one = Topologies.of(view(1, 1, up(1), up(2), up(3)), new RingShape(1, 16), Optional.empty());
        assertEquals(1, one.replicas(), "replicas 1 keeps a single copy");
    }

    @Test
    void aLivenessChangeReusesTheRingsAMembershipChangeRebuildsThem() {
        Topology before = Topologies.of(view(1, 1, up(1), up(2)), new RingShape(3, 16), Optional.empty());
        Topology suspect = Topologies.of(view(2, 1, up(1), member(2, NodeStatus.UP, Liveness.SUSPECT)), new RingShape(3, 16), Optional.of(before));
        assertSame(before.ring(), suspect.ring());
        assertSame(before.pendingRing(), suspect.pendingRing());
        Topology joined = Topologies.of(view(3, 1, up(1), up(2), up(3)), new RingShape(3, 16), Optional.of(suspect));
        assertNotSame(before.ring(), joined.ring());
        assertEquals(Topologies.of(view(3, 1, up(1), up(2), up(3)), new RingShape(3, 16), Optional.empty()).ring(), joined.ring());
    }

    @Test
    void everyNodeComputesTheSameRingFromTheSameMembers() {
        Topology seenBy1 = Topologies.of(view(7, 1, up(1), up(2), up(3)), new RingShape(3, 16), Optional.empty());
        Topology seenBy3 = Topologies.of(view(2, 3, up(3), up(2), up(1)), new RingShape(3, 16), Optional.empty());
        assertEquals(seenBy1.ring().fingerprint(), seenBy3.ring().fingerprint());
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot += 97) {
            assertEquals(seenBy1.ring().primary(slot), seenBy3.ring().primary(slot));
        }
    }
}
