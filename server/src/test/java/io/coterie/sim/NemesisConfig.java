package io.coterie.sim;

import java.util.EnumSet;
import java.util.Set;

/**
 * How the nemesis behaves during the fault phase: a new fault every {@code [faultGapMinMs, faultGapMaxMs]}, each
 * undone after a random duration up to its maximum. Bounds keep the schedule survivable by design (at most
 * {@code unavailableMax} nodes crashed or paused at once: a minority for the quorum workloads).
 *
 * @param kinds              injectable kinds enabled
 * @param faultGapMinMs      least time between two injected faults
 * @param faultGapMaxMs      most time between two injected faults
 * @param unavailableMax     nodes crashed or paused at the same time, at most
 * @param crashDowntimeMaxMs longest a crashed node stays down before its restart (some stay down until heal)
 * @param stayDownProbability chance a crashed node is not restarted during the fault phase
 * @param pauseMaxMs         longest SIGSTOP
 * @param partitionMaxMs     longest partition
 * @param weatherMaxMs       longest spell of bad weather
 * @param lossRateMax        worst loss rate of a LOSS spell
 * @param duplicateRateMax   worst duplication rate of a DUPLICATION spell
 * @param slowDelayMaxMs     slowest message of a DELAY spell
 * @param clockStepMaxMs     largest clock step, either direction
 * @param driftPpmMax        largest clock drift, either direction
 * @param stayDownAtHealMax  crashed nodes the heal phase may leave down for good (to check they are seen DOWN)
 */
public record NemesisConfig(Set<FaultKind> kinds, long faultGapMinMs, long faultGapMaxMs, int unavailableMax,
                            long crashDowntimeMaxMs, double stayDownProbability, long pauseMaxMs, long partitionMaxMs,
                            long weatherMaxMs, double lossRateMax, double duplicateRateMax, long slowDelayMaxMs,
                            long clockStepMaxMs, long driftPpmMax, int stayDownAtHealMax) {

    public NemesisConfig {
        kinds = Set.copyOf(kinds);
        for (FaultKind kind : kinds) {
            if (!kind.isInjectable()) {
                throw new IllegalArgumentException(kind + " only undoes another fault");
            }
        }
        if (faultGapMinMs < 1 || faultGapMaxMs < faultGapMinMs || unavailableMax < 0 || crashDowntimeMaxMs < 1
                || pauseMaxMs < 1 || partitionMaxMs < 1 || weatherMaxMs < 1 || stayDownAtHealMax < 0) {
            throw new IllegalArgumentException("bad nemesis config " + this);
        }
    }

    /** Everything on, for a cluster of {@code nodes}: faults every 0.2–3 s, at most a minority unavailable. */
    public static NemesisConfig everything(int nodes) {
        Set<FaultKind> all = EnumSet.noneOf(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            if (kind.isInjectable()) {
                all.add(kind);
            }
        }
        return new NemesisConfig(all, 200, 3_000, (nodes - 1) / 2, 15_000, 0.2, 20_000, 20_000, 10_000,
                0.3, 0.2, 2_000, 3_000, 500, (nodes - 1) / 2);
    }

    public NemesisConfig withKinds(Set<FaultKind> only) {
        return new NemesisConfig(only, faultGapMinMs, faultGapMaxMs, unavailableMax, crashDowntimeMaxMs,
                stayDownProbability, pauseMaxMs, partitionMaxMs, weatherMaxMs, lossRateMax, duplicateRateMax,
                slowDelayMaxMs, clockStepMaxMs, driftPpmMax, stayDownAtHealMax);
    }

    public NemesisConfig withStayDownAtHealMax(int nodes) {
        return new NemesisConfig(kinds, faultGapMinMs, faultGapMaxMs, unavailableMax, crashDowntimeMaxMs,
                stayDownProbability, pauseMaxMs, partitionMaxMs, weatherMaxMs, lossRateMax, duplicateRateMax,
                slowDelayMaxMs, clockStepMaxMs, driftPpmMax, nodes);
    }
}
