package io.coterie.ring.placement;

import io.coterie.ring.NodeId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The placement targets of SPEC §2 and issue #3, over random memberships. The worst figures seen are
 * printed at the end so they show in the build log (and in docs/placement-and-versions.md).
 *
 * <p>Exact properties (movement, racks, determinism) draw fresh memberships on every run. The
 * balance thresholds are statistical — a 64-node membership lands above 1.10× in roughly one case
 * in 10 000 (see the docs) — so those properties use a fixed seed: the build stays deterministic
 * and its printed maxima reproducible.
 */
class RingProperties {

    private static final int N = 3;
    private static final int SLOTS = HashSlots.SLOT_COUNT;

    private static double worstPrimaryRatio;
    private static double worstReplicaRatio;
    private static double worstWeightedPrimaryRatio;
    private static double worstWeightedReplicaRatio;
    private static double worstWeightedNaiveReplicaRatio;
    private static double worstAddMovementRatio;
    private static double worstRemoveMovementRatio;
    private static double worstRackedReplicaRatio;

    @AfterContainer
    static void printMaxima() {
        System.out.printf("PLACEMENT MAXIMA (max/mean; movement as multiple of the ideal 1/(n+1)):%n"
                        + "  equal nodes   primary %.4f (target 1.05)   replica N=3 %.4f (target 1.10)%n"
                        + "  weighted 1-4  primary %.4f (of weight share)   replica N=3 %.4f (of top-3 share; %.4f of 3 x weight share)%n"
                        + "  3 racks       replica N=3 %.4f%n"
                        + "  add one node  moved %.4f x 1/(n+1) (target 1.1)%n"
                        + "  remove one    moved %.4f x its own share (exactly 1 expected)%n",
                worstPrimaryRatio, worstReplicaRatio, worstWeightedPrimaryRatio, worstWeightedReplicaRatio, worstWeightedNaiveReplicaRatio,
                worstRackedReplicaRatio, worstAddMovementRatio, worstRemoveMovementRatio);
    }

    private static final String BALANCE_SEED = "20261122";

    @Property(tries = 40, seed = BALANCE_SEED)
    void equalNodesAreBalanced(@ForAll long seed, @ForAll @IntRange(min = 3, max = 64) int nodes) {
        Ring ring = Ring.of(Members.equal(seed, nodes), N);
        double primary = max(ring.primaryCounts()) / (SLOTS / (double) nodes);
        double replica = max(ring.replicaCounts()) / (N * SLOTS / (double) nodes);
        worstPrimaryRatio = Math.max(worstPrimaryRatio, primary);
        worstReplicaRatio = Math.max(worstReplicaRatio, replica);
        assertTrue(primary <= 1.05, () -> "primary max/mean " + primary + " for " + nodes + " nodes");
        assertTrue(replica <= 1.10, () -> "replica max/mean " + replica + " for " + nodes + " nodes");
    }

    @Property(tries = 15, seed = BALANCE_SEED)
    void sixtyFourEqualNodesAreBalanced(@ForAll long seed) {
        equalNodesAreBalanced(seed, 64);
    }

    @Property(tries = 15, seed = BALANCE_SEED)
    void weightedNodesGetTheirWeightShare(@ForAll long seed, @ForAll @IntRange(min = 4, max = 48) int nodes) {
        List<RingMember> members = Members.weighted(seed, nodes, 4);
        Ring ring = Ring.of(members, N);
        int weightTotal = members.stream().mapToInt(RingMember::weight).sum();
        double[] expectedReplicaShare = topThreeInclusion(members.stream().mapToInt(RingMember::weight).toArray());
        Map<NodeId, Integer> primaries = ring.primaryCounts();
        Map<NodeId, Integer> replicas = ring.replicaCounts();
        double primaryWorst = 0;
        double replicaWorst = 0;
        double naiveWorst = 0;
        for (int i = 0; i < members.size(); i++) {
            RingMember m = members.get(i);
            double share = m.weight() / (double) weightTotal;
            primaryWorst = Math.max(primaryWorst, primaries.get(m.id()) / (SLOTS * share));
            replicaWorst = Math.max(replicaWorst, replicas.get(m.id()) / (SLOTS * expectedReplicaShare[i]));
            naiveWorst = Math.max(naiveWorst, replicas.get(m.id()) / (N * SLOTS * share));
        }
        worstWeightedPrimaryRatio = Math.max(worstWeightedPrimaryRatio, primaryWorst);
        worstWeightedReplicaRatio = Math.max(worstWeightedReplicaRatio, replicaWorst);
        worstWeightedNaiveReplicaRatio = Math.max(worstWeightedNaiveReplicaRatio, naiveWorst);
        double p = primaryWorst;
        double r = replicaWorst;
        assertTrue(p <= 1.05, () -> "weighted primary max/share " + p);
        assertTrue(r <= 1.10, () -> "weighted replica max/expected " + r);
    }

    /**
     * The chance each node is among a slot's three replicas when the claim race is exponential with
     * rates ∝ weight: Plackett–Luce sampling of three without replacement. A node cannot hold two
     * replicas of one slot, so a heavy node gets less than 3 × its weight share and light nodes more;
     * this is the share a weighted top-N placement can reach, and the yardstick for the property.
     */
    private static double[] topThreeInclusion(int[] w) {
        double total = 0;
        for (int x : w) {
            total += x;
        }
        double[] p = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double pj = w[j] / total;
            p[j] += pj;
            for (int k = 0; k < w.length; k++) {
                if (k == j) {
                    continue;
                }
                double pk = pj * w[k] / (total - w[j]);
                p[k] += pk;
                for (int i = 0; i < w.length; i++) {
                    if (i != j && i != k) {
                        p[i] += pk * w[i] / (total - w[j] - w[k]);
                    }
                }
            }
        }
        return p;
    }

    @Property(tries = 25)
    void addingOneNodeMovesOnlyItsNewShare(@ForAll long seed, @ForAll @IntRange(min = 3, max = 64) int nodes) {
        List<RingMember> members = Members.equal(seed, nodes);
        Ring before = Ring.of(members, N);
        RingMember joiner = Members.fresh(seed);
        List<RingMember> grown = new ArrayList<>(members);
        grown.add(joiner);
        Ring after = Ring.of(grown, N);

        List<Transfer> transfers = RingDiff.transfers(before, after);
        for (Transfer t : transfers) {
            assertEquals(joiner.id(), t.to(), "a join only streams to the joiner");
            assertTrue(before.isReplica(t.from(), t.slot()) && !after.isReplica(t.from(), t.slot()));
        }
        assertEquals(after.replicaCounts().get(joiner.id()), transfers.size());
        double ratio = transfers.size() / (double) (N * SLOTS) * (nodes + 1);
        worstAddMovementRatio = Math.max(worstAddMovementRatio, ratio);
        assertTrue(ratio <= 1.1, () -> "join moved " + ratio + " x 1/(n+1)");
        assertEveryReplicaSetIsComplete(after, transfers, before);
    }

    @Property(tries = 25)
    void removingOneNodeMovesOnlyWhatItHeld(@ForAll long seed, @ForAll @IntRange(min = 4, max = 64) int nodes,
                                            @ForAll @IntRange(min = 0, max = 63) int pick) {
        List<RingMember> members = Members.equal(seed, nodes);
        removeAndCheck(members, members.get(pick % nodes));
    }

    @Property(tries = 15)
    void removingOneRackedOrWeightedNodeMovesOnlyWhatItHeld(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int nodes,
                                                            @ForAll boolean racked) {
        List<RingMember> members = racked ? Members.racked(seed, nodes, 3) : Members.weighted(seed, nodes, 4);
        removeAndCheck(members, members.get((int) Math.floorMod(seed, (long) nodes)));
    }

    private static void removeAndCheck(List<RingMember> members, RingMember leaver) {
        Ring before = Ring.of(members, N);
        List<RingMember> shrunk = new ArrayList<>(members);
        shrunk.remove(leaver);
        Ring after = Ring.of(shrunk, N);

        List<Transfer> transfers = RingDiff.transfers(before, after);
        for (Transfer t : transfers) {
            assertTrue(before.isReplica(leaver.id(), t.slot()), "only slots the leaver held move");
            assertEquals(leaver.id(), t.from(), "the leaver streams its own data away");
        }
        int held = before.replicaCounts().get(leaver.id());
        assertEquals(held, transfers.size(), "each slot-replica the leaver held moves exactly once");
        worstRemoveMovementRatio = Math.max(worstRemoveMovementRatio, transfers.size() / (double) held);
        assertEveryReplicaSetIsComplete(after, transfers, before);

        for (Transfer t : RingDiff.transfers(before, after, RingDiff.Source.SURVIVING_REPLICA)) {
            assertTrue(!t.from().equals(leaver.id()) && after.isReplica(t.from(), t.slot()),
                    "a forgotten node's slots are copied from a surviving replica");
        }
    }

    @Property(tries = 20)
    void threeRacksMeansEveryListSpansThreeRacks(@ForAll long seed, @ForAll @IntRange(min = 3, max = 48) int nodes) {
        List<RingMember> members = Members.racked(seed, nodes, 3);
        Ring ring = Ring.of(members, N);
        for (int slot = 0; slot < SLOTS; slot++) {
            Set<String> racks = new HashSet<>();
            for (NodeId id : ring.replicas(slot)) {
                racks.add(ring.member(id).orElseThrow().rack().orElseThrow());
            }
            assertEquals(3, racks.size(), "slot " + slot);
        }
        if (nodes % 3 == 0) {
            double replica = max(ring.replicaCounts()) / (N * SLOTS / (double) nodes);
            worstRackedReplicaRatio = Math.max(worstRackedReplicaRatio, replica);
            assertTrue(replica <= 1.10, () -> "racked replica max/mean " + replica);
        }
    }

    @Property(tries = 10)
    void weightChangeMovesOnlyThatNodesSlots(@ForAll long seed, @ForAll @IntRange(min = 4, max = 32) int nodes) {
        List<RingMember> members = Members.equal(seed, nodes);
        Ring before = Ring.of(members, N);
        RingMember changed = members.get(0);
        List<RingMember> reweighed = new ArrayList<>(members);
        reweighed.set(0, RingMember.of(changed.id(), 2));
        Ring after = Ring.of(reweighed, N);
        List<Transfer> transfers = RingDiff.transfers(before, after);
        assertTrue(!transfers.isEmpty());
        for (Transfer t : transfers) {
            assertEquals(changed.id(), t.to(), "a heavier node only gains slot-replicas");
        }
        assertEquals(after.replicaCounts().get(changed.id()) - before.replicaCounts().get(changed.id()), transfers.size());
    }

    @Property(tries = 10)
    void ringIsAPureFunctionOfTheMemberSet(@ForAll long seed, @ForAll @IntRange(min = 1, max = 24) int nodes) {
        List<RingMember> members = Members.weighted(seed, nodes, 3);
        List<RingMember> shuffled = new ArrayList<>(members);
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        Ring a = Ring.of(members, N);
        Ring b = Ring.of(shuffled, N);
        assertEquals(a.fingerprint(), b.fingerprint());
        for (int slot = 0; slot < SLOTS; slot++) {
            assertEquals(a.preferenceList(slot, nodes), b.preferenceList(slot, nodes));
        }
    }

    /** Applying the transfers to the old replica sets yields exactly the new replica sets. */
    private static void assertEveryReplicaSetIsComplete(Ring after, List<Transfer> transfers, Ring before) {
        List<Set<NodeId>> holders = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            holders.add(new HashSet<>(before.replicas(slot)));
        }
        for (Transfer t : transfers) {
            assertTrue(holders.get(t.slot()).contains(t.from()), "the source holds the slot");
            holders.get(t.slot()).add(t.to());
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            assertTrue(holders.get(slot).containsAll(after.replicas(slot)), "slot " + slot + " fully replicated");
        }
    }

    private static int max(Map<NodeId, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
