package io.coterie.compat.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The nemesis's schedule, drawn up front from one seed: a pure function of (seed, config), so a run's faults can be
 * printed before it starts and the same seed replays the same schedule (real timing varies; what is done to whom does
 * not). Process faults (kill, pause, wipe) never leave more than {@code unavailableMax} nodes down at once and never
 * hit a node twice at a time; at most one partition is in force at a time.
 */
final class FaultPlan {

    /**
     * @param totalMs        faults start within [0, totalMs) and all end by totalMs
     * @param kinds          the kinds to draw from (partitions only where the network can cut links)
     * @param unavailableMax how many nodes may be killed, paused or wiped at the same time
     */
    record Config(long totalMs, int nodes, Set<FaultKind> kinds, long gapMinMs, long gapMaxMs, long durationMinMs,
                  long durationMaxMs, int unavailableMax) {
        Config {
            kinds = Set.copyOf(kinds);
            if (nodes < 3 || kinds.isEmpty() || gapMinMs <= 0 || gapMaxMs < gapMinMs || durationMinMs <= 0
                    || durationMaxMs < durationMinMs || unavailableMax < 1 || unavailableMax >= nodes) {
                throw new IllegalArgumentException("bad fault plan config " + this);
            }
        }

        /** A fault every 1-4 s lasting 1-10 s, at most a minority of the nodes down at once. */
        static Config standard(long totalMs, int nodes, Set<FaultKind> kinds) {
            return new Config(totalMs, nodes, kinds, 1_000, 4_000, 1_000, 10_000, (nodes - 1) / 2);
        }
    }

    private FaultPlan() {
    }

    static List<PlannedFault> generate(long seed, Config config) {
        Random random = new Random(seed);
        List<FaultKind> kinds = new ArrayList<>(config.kinds());
        Collections.sort(kinds); // Set.copyOf iterates in no fixed order; the draw must not depend on it
        List<PlannedFault> plan = new ArrayList<>();
        long t = between(random, config.gapMinMs(), config.gapMaxMs());
        while (t < config.totalMs() - config.durationMinMs()) {
            FaultKind kind = kinds.get(random.nextInt(kinds.size()));
            long duration = Math.min(between(random, config.durationMinMs(), config.durationMaxMs()), config.totalMs() - t);
            PlannedFault fault = kind.isPartition()
                    ? partition(random, kind, t, duration, config, plan)
                    : processFault(random, kind, t, duration, config, plan);
            if (fault != null) {
                plan.add(fault);
            }
            t += between(random, config.gapMinMs(), config.gapMaxMs());
        }
        return plan;
    }

    private static PlannedFault processFault(Random random, FaultKind kind, long at, long duration, Config config,
                                             List<PlannedFault> plan) {
        List<Integer> busy = new ArrayList<>();
        for (PlannedFault f : plan) {
            if (!f.kind().isPartition() && f.atMs() < at + duration && at < f.endMs()) {
                busy.add(f.nodes().get(0));
            }
        }
        if (busy.size() >= config.unavailableMax()) {
            return null;
        }
        List<Integer> free = new ArrayList<>();
        for (int n = 0; n < config.nodes(); n++) {
            if (!busy.contains(n)) {
                free.add(n);
            }
        }
        return new PlannedFault(at, duration, kind, List.of(free.get(random.nextInt(free.size()))), List.of());
    }

    private static PlannedFault partition(Random random, FaultKind kind, long at, long duration, Config config,
                                          List<PlannedFault> plan) {
        for (PlannedFault f : plan) {
            if (f.kind().isPartition() && f.atMs() < at + duration && at < f.endMs()) {
                return null;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < config.nodes(); n++) {
            order.add(n);
        }
        Collections.shuffle(order, random);
        int sideSize = switch (kind) {
            case PARTITION_ISOLATE -> 1;
            case PARTITION_SPLIT -> 1 + random.nextInt((config.nodes() - 1) / 2);  // a minority; the rest is a majority
            default -> 1 + random.nextInt(config.nodes() - 1);                       // one-way: either side may be larger
        };
        List<Integer> side = new ArrayList<>(order.subList(0, sideSize));
        List<Integer> rest = new ArrayList<>(order.subList(sideSize, order.size()));
        Collections.sort(side);
        Collections.sort(rest);
        return new PlannedFault(at, duration, kind, side, rest);
    }

    private static long between(Random random, long min, long max) {
        return min + (max == min ? 0 : (long) (random.nextDouble() * (max - min)));
    }
}
