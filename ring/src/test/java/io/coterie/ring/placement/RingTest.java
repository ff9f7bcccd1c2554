package io.coterie.ring.placement;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingTest {

    private static NodeId id(char c) {
        return new NodeId(String.valueOf(c).repeat(40));
    }

    private static final List<RingMember> FIVE = List.of(
            RingMember.of(id('1')), RingMember.of(id('2')), RingMember.of(id('3')),
            RingMember.of(id('4')), RingMember.of(id('5')));

    @Test
    void goldenPlacementNeverChangesSilently() {
        // Every node must compute the same ring, including nodes running an older build; if this
        // test fails, the placement function changed and a rolling upgrade would disagree on owners.
        Ring ring = Ring.of(FIVE, 3);
        assertEquals(GOLDEN_FINGERPRINT, Long.toHexString(ring.fingerprint()));
        assertEquals(GOLDEN_SLOT_0, names(ring.preferenceList(0, 5)));
        assertEquals(GOLDEN_SLOT_12182, names(ring.preferenceList(12182, 5)));
        assertEquals(GOLDEN_PRIMARY_COUNTS, ring.primaryCounts().values().toString());
    }

    private static final String GOLDEN_FINGERPRINT = "a0ff57ccd57cbc29";
    private static final String GOLDEN_SLOT_0 = "3,5,4,1,2";
    private static final String GOLDEN_SLOT_12182 = "5,4,1,3,2";
    private static final String GOLDEN_PRIMARY_COUNTS = "[3277, 3277, 3277, 3276, 3277]";

    private static String names(List<NodeId> ids) {
        return ids.stream().map(i -> i.value().substring(0, 1)).collect(Collectors.joining(","));
    }

    @Test
    void preferenceListIsReplicasThenFallbacks() {
        Ring ring = Ring.of(FIVE, 3);
        assertEquals(3, ring.replicationFactor());
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot += 97) {
            List<NodeId> all = ring.preferenceList(slot, 10);
            assertEquals(5, all.size());
            assertEquals(5, new HashSet<>(all).size());
            assertEquals(all.subList(0, 3), ring.replicas(slot));
            assertEquals(all.get(0), ring.primary(slot));
            assertEquals(all.subList(0, 2), ring.preferenceList(slot, 2));
            for (int i = 0; i < 5; i++) {
                assertEquals(i < 3, ring.isReplica(all.get(i), slot));
            }
        }
    }

    @Test
    void replicationFactorIsCappedByClusterSize() {
        Ring two = Ring.of(FIVE.subList(0, 2), 3);
        assertEquals(2, two.replicationFactor());
        assertEquals(2, two.replicas(123).size());
        Ring one = Ring.of(FIVE.subList(0, 1), 3);
        assertEquals(List.of(id('1')), one.replicas(9));
        assertEquals(Map.of(id('1'), HashSlots.SLOT_COUNT), one.primaryCounts());
    }

    @Test
    void emptyRingHasNoOwners() {
        Ring empty = Ring.of(List.of(), 3);
        assertEquals(List.of(), empty.replicas(0));
        assertEquals(List.of(), empty.ranges());
        assertThrows(IllegalStateException.class, () -> empty.primary(0));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Ring.of(List.of(FIVE.get(0), FIVE.get(0)), 3));
        assertThrows(IllegalArgumentException.class, () -> Ring.of(FIVE, 0));
        assertThrows(IllegalArgumentException.class, () -> Ring.of(FIVE, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> RingMember.of(id('1'), 0));
        assertThrows(IllegalArgumentException.class, () -> RingMember.of(id('1'), 1, " "));
        Ring ring = Ring.of(FIVE, 3);
        assertThrows(IllegalArgumentException.class, () -> ring.replicas(HashSlots.SLOT_COUNT));
        assertThrows(IllegalArgumentException.class, () -> ring.replicas(-1));
    }

    @Test
    void rangesCoverEverySlotOnce() {
        Ring ring = Ring.of(FIVE, 3);
        List<SlotRange> ranges = ring.ranges();
        int next = 0;
        for (SlotRange r : ranges) {
            assertEquals(next, r.first());
            assertEquals(ring.replicas(r.first()), r.replicas());
            assertEquals(ring.replicas(r.last()), r.replicas());
            next = r.last() + 1;
        }
        assertEquals(HashSlots.SLOT_COUNT, next);
    }

    @Test
    void vnodeCountFollowsWeightAndVnodesAccountForEveryPrimarySlot() {
        List<RingMember> members = List.of(RingMember.of(id('a'), 1), RingMember.of(id('b'), 2), RingMember.of(id('c'), 3));
        Ring ring = Ring.of(members, 2);
        List<VirtualNode> vnodes = ring.vnodes();
        Map<NodeId, Long> perNode = vnodes.stream().collect(Collectors.groupingBy(VirtualNode::node, Collectors.counting()));
        assertEquals(Map.of(id('a'), 256L, id('b'), 512L, id('c'), 768L), perNode);
        assertEquals(HashSlots.SLOT_COUNT, vnodes.stream().mapToInt(VirtualNode::primarySlots).sum());
        Set<Integer> tokens = new HashSet<>();
        for (int i = 1; i < vnodes.size(); i++) {
            assertTrue(vnodes.get(i - 1).tokenSlot() <= vnodes.get(i).tokenSlot(), "listed clockwise");
        }
        for (VirtualNode v : vnodes) {
            if (v.node().equals(id('a'))) {
                assertTrue(tokens.add(v.tokenSlot()), "a node's vnodes have distinct anchors");
            }
        }
        Map<NodeId, Integer> primaries = ring.primaryCounts();
        for (NodeId node : primaries.keySet()) {
            assertEquals(primaries.get(node), vnodes.stream().filter(v -> v.node().equals(node)).mapToInt(VirtualNode::primarySlots).sum());
        }
    }

    @Test
    void sixtyFourNodesBuildWellUnder100Ms() {
        List<RingMember> members = Members.equal(64, 64);
        long best = Long.MAX_VALUE;
        // CPU time of this thread, best of several after warm-up: the build machine is shared, and
        // wall time there measures the neighbours, not the ring.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 12; i++) {
            long start = cpu.getCurrentThreadCpuTime();
            Ring.of(members, 3);
            best = Math.min(best, cpu.getCurrentThreadCpuTime() - start);
        }
        System.out.printf("ring build, 64 nodes, N=3: best of 12 (thread CPU) = %.1f ms%n", best / 1e6);
        assertTrue(best < 100_000_000L, "64-node ring took " + best / 1e6 + " ms");
    }

    @Test
    void racksAreSpreadEvenWhenUneven() {
        // Rack "c" has one node: it must then hold a replica of every slot.
        List<RingMember> members = List.of(RingMember.of(id('1'), 1, "a"), RingMember.of(id('2'), 1, "a"),
                RingMember.of(id('3'), 1, "b"), RingMember.of(id('4'), 1, "b"), RingMember.of(id('5'), 1, "c"));
        Ring ring = Ring.of(members, 3);
        assertEquals(HashSlots.SLOT_COUNT, (int) ring.replicaCounts().get(id('5')));
        // Fewer racks than N: one replica per rack first, then the earliest-ranked others.
        Ring twoRacks = Ring.of(members.subList(0, 4), 3);
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot += 11) {
            Set<String> racks = new HashSet<>();
            twoRacks.replicas(slot).forEach(n -> racks.add(twoRacks.member(n).orElseThrow().rack().orElseThrow()));
            assertEquals(Set.of("a", "b"), racks);
            assertEquals(3, twoRacks.replicas(slot).size());
        }
    }

    @Test
    void firstNodeOfAClusterNeedsNoTransfers() {
        Ring empty = Ring.of(List.of(), 3);
        Ring one = Ring.of(FIVE.subList(0, 1), 3);
        assertEquals(List.of(), RingDiff.transfers(empty, one));
    }

    @Test
    void growingFromOneToThreeCopiesEverySlotToTheNewcomers() {
        Ring one = Ring.of(FIVE.subList(0, 1), 3);
        Ring three = Ring.of(FIVE.subList(0, 3), 3);
        List<Transfer> transfers = RingDiff.transfers(one, three);
        assertEquals(2 * HashSlots.SLOT_COUNT, transfers.size());
        assertTrue(transfers.stream().allMatch(t -> t.from().equals(id('1'))));
        assertFalse(transfers.stream().anyMatch(t -> t.to().equals(id('1'))));
    }

    @Test
    void forgettingADeadNodeCopiesFromSurvivors() {
        Ring before = Ring.of(FIVE, 3);
        List<RingMember> rest = new ArrayList<>(FIVE);
        rest.remove(2);
        Ring after = Ring.of(rest, 3);
        List<Transfer> transfers = RingDiff.transfers(before, after, RingDiff.Source.SURVIVING_REPLICA);
        assertEquals(before.replicaCounts().get(id('3')), transfers.size());
        for (Transfer t : transfers) {
            assertTrue(before.isReplica(t.from(), t.slot()) && after.isReplica(t.from(), t.slot()));
            assertFalse(t.from().equals(id('3')));
        }
    }
}
