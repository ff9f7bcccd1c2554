package io.coterie.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The seeded fault scheduler: while active, injects a random enabled fault every gap and schedules its undo after a
 * random duration, within the {@link NemesisConfig}'s bounds. Undos that would outlive the fault phase are skipped;
 * {@link Simulation#heal} ends everything at once.
 */
final class Nemesis {

    private final Simulation sim;
    private final NemesisConfig config;
    private final RandomGenerator random;
    private final List<FaultKind> kinds;
    private boolean active;
    /** Bumped per partition and per weather spell, so an undo only ends the spell it belongs to. */
    private long partitionEpoch;
    private long weatherEpoch;

    Nemesis(Simulation sim, NemesisConfig config, RandomGenerator random) {
        this.sim = sim;
        this.config = config;
        this.random = random;
        this.kinds = config.kinds().stream().sorted().toList();
    }

    NemesisConfig config() {
        return config;
    }

    void runFor(long durationMs) {
        long untilMs = sim.nowMs() + durationMs;
        active = true;
        scheduleNext(untilMs);
        sim.loop().runUntil(untilMs);
        active = false;
    }

    private void scheduleNext(long untilMs) {
        if (kinds.isEmpty()) {
            return;
        }
        long gap = random.nextLong(config.faultGapMinMs(), config.faultGapMaxMs() + 1);
        if (sim.nowMs() + gap < untilMs) {
            sim.loop().after(gap, "nemesis", () -> {
                if (active) {
                    inject(kinds.get(random.nextInt(kinds.size())));
                    scheduleNext(untilMs);
                }
            });
        }
    }

    private void inject(FaultKind kind) {
        int n = sim.size();
        switch (kind) {
            case CRASH, POWER_LOSS -> pickAvailable().ifPresent(node -> {
                sim.apply(kind == FaultKind.CRASH ? new Fault.Crash(node) : new Fault.PowerLoss(node));
                if (random.nextDouble() >= config.stayDownProbability()) {
                    undoLater(random.nextLong(1, config.crashDowntimeMaxMs() + 1), () -> {
                        if (sim.host(node).state() == NodeState.CRASHED) {
                            sim.apply(new Fault.Restart(node));
                        }
                    });
                }
            });
            case PAUSE -> pickAvailable().ifPresent(node -> {
                sim.apply(new Fault.Pause(node));
                undoLater(random.nextLong(1, config.pauseMaxMs() + 1), () -> {
                    if (sim.host(node).state() == NodeState.PAUSED) {
                        sim.apply(new Fault.Resume(node));
                    }
                });
            });
            case PARTITION_SPLIT -> {
                Set<Integer> side = randomSubset(1 + random.nextInt(Math.max(1, n / 2)));
                cut(new Fault.Cut(Partition.split(side, n), kind));
            }
            case PARTITION_ISOLATE -> cut(new Fault.Cut(Partition.split(Set.of(random.nextInt(n)), n), kind));
            case PARTITION_ONE_WAY -> {
                Set<Integer> senders = randomSubset(1 + random.nextInt(Math.max(1, n - 1)));
                Set<Integer> receivers = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (!senders.contains(i)) {
                        receivers.add(i);
                    }
                }
                cut(new Fault.Cut(Partition.oneWay(senders, receivers), kind));
            }
            case LOSS -> weather(new NetworkConditions(random.nextDouble() * config.lossRateMax(), 0, 1, 10, 0, 10), kind);
            case DUPLICATION -> weather(new NetworkConditions(0, random.nextDouble() * config.duplicateRateMax(), 1, 10, 0, 10), kind);
            case DELAY -> weather(new NetworkConditions(0, 0, 1, 50, 0.05 + random.nextDouble() * 0.3,
                    Math.max(50, random.nextLong(50, config.slowDelayMaxMs() + 1))), kind);
            case CLOCK_SKEW -> sim.apply(new Fault.ClockSkew(random.nextInt(n),
                    random.nextLong(-config.clockStepMaxMs(), config.clockStepMaxMs() + 1),
                    random.nextLong(-config.driftPpmMax(), config.driftPpmMax() + 1)));
            case RESTART, RESUME, HEAL_PARTITION, CALM -> throw new AssertionError(kind + " is never injected on its own");
        }
    }

    /** A running node to take down, if taking one more down stays within unavailableMax. */
    private Optional<Integer> pickAvailable() {
        if (sim.unavailable() >= config.unavailableMax()) {
            return Optional.empty();
        }
        List<Integer> running = new ArrayList<>();
        for (SimHost host : sim.hosts()) {
            if (host.isRunning()) {
                running.add(host.index());
            }
        }
        return running.isEmpty() ? Optional.empty() : Optional.of(running.get(random.nextInt(running.size())));
    }

    private Set<Integer> randomSubset(int size) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < sim.size(); i++) {
            all.add(i);
        }
        Set<Integer> chosen = new HashSet<>();
        while (chosen.size() < size && !all.isEmpty()) {
            chosen.add(all.remove(random.nextInt(all.size())));
        }
        return chosen;
    }

    private void cut(Fault.Cut cut) {
        sim.apply(cut);
        long epoch = ++partitionEpoch;
        undoLater(random.nextLong(1, config.partitionMaxMs() + 1), () -> {
            if (partitionEpoch == epoch) {
                sim.apply(new Fault.HealPartition());
            }
        });
    }

    private void weather(NetworkConditions conditions, FaultKind kind) {
        sim.apply(new Fault.Weather(conditions, kind));
        long epoch = ++weatherEpoch;
        undoLater(random.nextLong(1, config.weatherMaxMs() + 1), () -> {
            if (weatherEpoch == epoch) {
                sim.apply(new Fault.Weather(NetworkConditions.calm(), FaultKind.CALM));
            }
        });
    }

    private void undoLater(long delayMs, Runnable undo) {
        sim.loop().after(delayMs, "nemesis undo", () -> {
            if (active) {
                undo.run();
            }
        });
    }
}
