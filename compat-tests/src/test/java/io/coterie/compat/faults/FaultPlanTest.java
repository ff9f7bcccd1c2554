package io.coterie.compat.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The nemesis schedule is a pure function of its seed and keeps its bounds. */
class FaultPlanTest {

    private static final FaultPlan.Config ALL = FaultPlan.Config.standard(90_000, 5, EnumSet.of(FaultKind.KILL,
            FaultKind.PAUSE, FaultKind.PARTITION_SPLIT, FaultKind.PARTITION_ISOLATE, FaultKind.PARTITION_ONE_WAY));

    @Test
    void sameSeedSamePlanDifferentSeedDifferentPlan() {
        assertEquals(FaultPlan.generate(42, ALL), FaultPlan.generate(42, ALL));
        assertNotEquals(FaultPlan.generate(42, ALL), FaultPlan.generate(43, ALL));
    }

    @Test
    void boundsHoldForManySeeds() {
        Set<FaultKind> seen = EnumSet.noneOf(FaultKind.class);
        for (long seed = 0; seed < 500; seed++) {
            List<PlannedFault> plan = FaultPlan.generate(seed, ALL);
            assertFalse(plan.isEmpty(), "seed " + seed + " planned nothing");
            for (PlannedFault f : plan) {
                seen.add(f.kind());
                assertTrue(f.atMs() >= 0 && f.endMs() <= ALL.totalMs() && f.durationMs() > 0, f.toString());
                if (f.kind() == FaultKind.PARTITION_SPLIT) {
                    assertTrue(f.nodes().size() < f.others().size(), "a split cuts a minority from a majority: " + f);
                }
                Set<Integer> sides = new HashSet<>(f.nodes());
                f.others().forEach(n -> assertTrue(sides.add(n), "a node on both sides: " + f));
                // At f's start: how many nodes are down, and is another partition in force?
                long down = plan.stream().filter(g -> !g.kind().isPartition() && g.atMs() <= f.atMs() && f.atMs() < g.endMs())
                        .map(g -> g.nodes().get(0)).distinct().count();
                long downFaults = plan.stream().filter(g -> !g.kind().isPartition() && g.atMs() <= f.atMs() && f.atMs() < g.endMs()).count();
                assertTrue(down <= ALL.unavailableMax(), "more than a minority down at " + f);
                assertEquals(down, downFaults, "a node under two process faults at once at " + f);
                long partitions = plan.stream().filter(g -> g.kind().isPartition() && g.atMs() <= f.atMs() && f.atMs() < g.endMs()).count();
                assertTrue(partitions <= 1, "two partitions at once at " + f);
            }
        }
        assertEquals(ALL.kinds(), seen, "every enabled kind is drawn");
    }

    @Test
    void oneWayPartitionCutsOneDirectionOnly() {
        PlannedFault oneWay = new PlannedFault(0, 1, FaultKind.PARTITION_ONE_WAY, List.of(0), List.of(1, 2));
        assertEquals(2, oneWay.links().size());
        PlannedFault split = new PlannedFault(0, 1, FaultKind.PARTITION_SPLIT, List.of(0), List.of(1, 2));
        assertEquals(4, split.links().size());
    }
}
