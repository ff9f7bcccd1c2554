package io.coterie.compat.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coterie.compat.harness.Target;
import io.coterie.sim.history.Anomaly;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #7's real-process fault suite: 5 Coterie nodes in network namespaces, 5 Jedis clients, a seeded nemesis
 * (kill -9 + restart, SIGSTOP/SIGCONT, minority/majority/isolating/one-way partitions), then heal, a final read of
 * every key and the simulator's history checker. See docs/fault-suite.md.
 *
 * <p>{@code -Dfaults.seconds=N} (default 75) is how long faults are injected; {@code -Dfaults.seed=S} replays a
 * schedule (default: a fresh seed, printed).
 */
class FaultSuiteIT {

    private static final int NODES = 5;
    private static final int CLIENTS = 5;

    private static long seed() {
        return Long.getLong("faults.seed", System.currentTimeMillis());
    }

    @Test
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    void noAnomaliesUnderKillsPausesAndPartitions() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own cluster");
        long seconds = Long.getLong("faults.seconds", 75);
        FaultSummary summary = new FaultRun(new FaultRun.Settings("noAnomaliesUnderKillsPausesAndPartitions", seed(),
                seconds * 1000, NODES, CLIENTS, 3, false,
                EnumSet.of(FaultKind.KILL, FaultKind.PAUSE, FaultKind.PARTITION_SPLIT, FaultKind.PARTITION_ISOLATE,
                        FaultKind.PARTITION_ONE_WAY)), System.out::println).run();
        System.out.println(summary);
        assertEquals(List.of(), summary.errors(), "the run itself went wrong");
        assertTrue(summary.faultCount() > 0, "no fault was injected");
        assertTrue(summary.counts().writesAcked() > 0, "no write was acknowledged");
        assertEquals(List.of(), summary.anomalies(), "the checker found anomalies");
    }

    /**
     * The checker must catch a setup that genuinely loses acknowledged writes: one copy per key, and nodes whose data
     * directory is wiped while they are down (a replaced disk; the node keeps its identity). Every acknowledged write
     * on a wiped node that was not overwritten afterwards is gone, and must be reported as LOST_WRITE.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void checkerCatchesWritesLostWithOneCopyOnWipedDisks() throws Exception {
        assumeTrue(Target.current().isCoterie(), "Coterie's own cluster");
        FaultSummary summary = new FaultRun(new FaultRun.Settings("checkerCatchesWritesLostWithOneCopyOnWipedDisks",
                seed(), 30_000, NODES, CLIENTS, 1, false, EnumSet.of(FaultKind.WIPE)), System.out::println).run();
        System.out.println(summary);
        assertTrue(summary.faults().getOrDefault(FaultKind.WIPE, 0) > 0, "no disk was wiped");
        assertTrue(summary.anomalies().stream().anyMatch(a -> a.kind() == Anomaly.Kind.LOST_WRITE),
                "one copy on wiped disks lost no acknowledged write the checker saw: " + summary.anomalies());
    }
}
