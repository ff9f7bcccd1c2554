package io.coterie.compat.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Carries out a {@link FaultPlan} on a {@link FaultCluster} in real time: each fault's start and end in schedule order.
 * A restart (seconds: JVM start, recovery, rejoin) runs in the background so pauses and partitions still end on time,
 * but the next kill, pause or wipe waits for every restart in flight, so the plan's bound on unavailable nodes holds.
 * {@link #healAll} ends whatever is still in force.
 */
final class Nemesis {

    private record Step(long atMs, boolean start, PlannedFault fault) {
    }

    private final FaultCluster cluster;
    private final List<Step> steps = new ArrayList<>();
    private final Consumer<String> log;
    private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
    private final Set<PlannedFault> active = new LinkedHashSet<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Void>> restarts = new ArrayList<>();
    private volatile boolean stopped;

    Nemesis(FaultCluster cluster, List<PlannedFault> plan, Consumer<String> log) {
        this.cluster = cluster;
        this.log = log;
        for (PlannedFault f : plan) {
            steps.add(new Step(f.atMs(), true, f));
            steps.add(new Step(f.endMs(), false, f));
        }
        // Ends before starts at the same instant, so a node is restarted before it can be picked again.
        steps.sort(Comparator.comparingLong(Step::atMs).thenComparing(Step::start));
    }

    /**
     * Runs the schedule from {@code startNanos}; returns when it is done or {@link #stop()} was called. A step that
     * starts late (a restart took seconds) shifts every later step by as much, so each fault keeps its planned duration
     * and spacing; the fault period grows by the time restarts took.
     */
    void run(long startNanos) throws InterruptedException {
        long lagMs = 0;
        for (Step step : steps) {
            long waitMs = step.atMs() + lagMs - (System.nanoTime() - startNanos) / 1_000_000;
            while (waitMs > 0 && !stopped) {
                Thread.sleep(Math.min(waitMs, 200));
                waitMs = step.atMs() + lagMs - (System.nanoTime() - startNanos) / 1_000_000;
            }
            if (stopped) {
                return;
            }
            long atMs = (System.nanoTime() - startNanos) / 1_000_000;
            lagMs = Math.max(lagMs, atMs - step.atMs());
            if (step.start()) {
                apply(step.fault(), atMs);
            } else if (active.contains(step.fault())) {
                undo(step.fault(), atMs);
            }
        }
    }

    void stop() {
        stopped = true;
    }

    private void apply(PlannedFault f, long atMs) {
        if (!f.kind().isPartition()) {
            awaitRestarts();
        }
        try {
            switch (f.kind()) {
                case KILL -> cluster.kill9(f.nodes().get(0));
                case WIPE -> {
                    cluster.kill9(f.nodes().get(0));
                    cluster.wipe(f.nodes().get(0));
                }
                case PAUSE -> cluster.pause(f.nodes().get(0));
                case PARTITION_SPLIT, PARTITION_ISOLATE, PARTITION_ONE_WAY -> {
                    for (int[] link : f.links()) {
                        cluster.network().cut(link[0], link[1]);
                    }
                }
            }
            active.add(f);
            injected.merge(f.kind(), 1, Integer::sum);
            log.accept(String.format("[nemesis] %7.1f s start %s", atMs / 1000.0, f));
        } catch (RuntimeException e) {
            errors.add("could not start " + f + ": " + e.getMessage());
            log.accept("[nemesis] FAILED to start " + f + ": " + e);
        }
    }

    private void undo(PlannedFault f, long atMs) {
        try {
            switch (f.kind()) {
                case KILL, WIPE -> restartInBackground(f, atMs);
                case PAUSE -> cluster.resume(f.nodes().get(0));
                case PARTITION_SPLIT, PARTITION_ISOLATE, PARTITION_ONE_WAY -> cluster.network().healAll();
            }
            active.remove(f);
            log.accept(String.format("[nemesis] %7.1f s end   %s", atMs / 1000.0, f));
        } catch (RuntimeException e) {
            errors.add("could not end " + f + ": " + e.getMessage());
            log.accept("[nemesis] FAILED to end " + f + ": " + e);
        }
    }

    private void restartInBackground(PlannedFault f, long atMs) {
        long startNanos = System.nanoTime();
        restarts.add(CompletableFuture.runAsync(() -> {
            try {
                cluster.restart(f.nodes().get(0));
                log.accept(String.format("[nemesis] %7.1f s        node %d answers again, %.1f s after its restart began",
                        atMs / 1000.0 + (System.nanoTime() - startNanos) / 1e9, f.nodes().get(0),
                        (System.nanoTime() - startNanos) / 1e9));
            } catch (RuntimeException e) {
                errors.add("could not restart node " + f.nodes().get(0) + " after " + f + ": " + e.getMessage());
            }
        }));
    }

    private void awaitRestarts() {
        restarts.forEach(CompletableFuture::join);
        restarts.clear();
    }

    /** Ends every fault still in force (the run stopped early) and waits for the restarts. */
    void healAll(long atMs) {
        for (PlannedFault f : new ArrayList<>(active)) {
            undo(f, atMs);
        }
        awaitRestarts();
    }

    Map<FaultKind, Integer> injected() {
        return new EnumMap<>(injected);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
