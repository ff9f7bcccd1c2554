package io.coterie.sim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Runs a simulation over many seeds: the normal test's bounded count, one seed to replay ({@code -Dsim.seed=N}), or a
 * soak for a wall-clock budget ({@code -Dsim.soak.seconds=600}) that prints seeds per second. A failing seed is
 * reported with the one-line command that replays it. Only this runner reads the wall clock, to bound the soak and
 * report its rate; nothing inside a simulation does.
 */
public final class SimSeeds {

    /** What one seed's run reports back, for the summary line. */
    public record Outcome(long traceHash, long virtualMs, long events, Map<FaultKind, Integer> faults) {
        public Outcome {
            faults = Collections.unmodifiableMap(faults.isEmpty() ? new EnumMap<>(FaultKind.class) : new EnumMap<>(faults));
        }

        public static Outcome of(Simulation sim) {
            return new Outcome(sim.traceHash(), sim.nowMs(), sim.loop().eventsRun(), sim.faultCounts());
        }

        public int faultsInjected() {
            return faults.entrySet().stream().filter(e -> e.getKey().isInjectable()).mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** Totals over a batch of seeds. */
    public record Summary(long seeds, long firstSeed, long events, long virtualMs, Map<FaultKind, Long> faults, long wallMs) {
        public long faultsInjected() {
            return faults.entrySet().stream().filter(e -> e.getKey().isInjectable()).mapToLong(Map.Entry::getValue).sum();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d seeds from %d: %d events, %d virtual s, %d faults injected %s, %.1f s wall (%.1f seeds/s)",
                    seeds, firstSeed, events, virtualMs / 1000, faultsInjected(), faults, wallMs / 1000.0, seeds * 1000.0 / Math.max(1, wallMs));
        }
    }

    private SimSeeds() {
    }

    /**
     * @param testClass the test class, for the replay command
     * @param method    the test method, for the replay command
     * @param firstSeed the first seed of the bounded batch ({@code -Dsim.seed.first} overrides)
     * @param count     seeds in the bounded batch ({@code -Dsim.seeds} overrides)
     * @param run       one run; throws AssertionError (or anything) to fail the seed
     */
    public static Summary run(Class<?> testClass, String method, long firstSeed, int count, LongFunction<Outcome> run) {
        String replay = System.getProperty("sim.seed");
        if (replay != null && !replay.isBlank()) {
            long seed = Long.parseLong(replay.trim());
            return batch(testClass, method, seed, 1, Long.MAX_VALUE, run);
        }
        long first = Long.getLong("sim.seed.first", firstSeed);
        String soak = System.getProperty("sim.soak.seconds");
        if (soak != null && !soak.isBlank()) {
            long budgetMs = Long.parseLong(soak.trim()) * 1000;
            // A soak explores seeds the bounded batch never ran, from a fresh start each time unless pinned; any
            // failure is still reported by its seed, so this one outside input does not cost reproducibility.
            first = Long.getLong("sim.seed.first", new SplittableRandom(System.nanoTime()).nextLong() >>> 16);
            System.out.println("[sim soak] " + testClass.getSimpleName() + "#" + method + " from seed " + first + " for " + soak.trim() + " s");
            Summary summary = batch(testClass, method, first, Long.MAX_VALUE, budgetMs, run);
            System.out.println("[sim soak] " + testClass.getSimpleName() + "#" + method + ": " + summary);
            return summary;
        }
        Summary summary = batch(testClass, method, first, Integer.getInteger("sim.seeds", count), Long.MAX_VALUE, run);
        System.out.println("[sim] " + testClass.getSimpleName() + "#" + method + ": " + summary);
        return summary;
    }

    public static String replayCommand(Class<?> testClass, String method, long seed) {
        return "mvn -q -pl server -am test -Dtest=" + testClass.getSimpleName() + "#" + method + " -Dsim.seed=" + seed
                + " -Dsurefire.failIfNoSpecifiedTests=false";
    }

    private static Summary batch(Class<?> testClass, String method, long first, long count, long budgetMs,
                                 LongFunction<Outcome> run) {
        long startNs = System.nanoTime();
        long events = 0;
        long virtualMs = 0;
        Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
        long done = 0;
        long lastReportNs = startNs;
        for (long seed = first; done < count; seed++) {
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            if (elapsedMs >= budgetMs) {
                break;
            }
            Outcome outcome;
            try {
                outcome = run.apply(seed);
            } catch (Throwable t) {
                String line = "seed " + seed + " failed: " + t.getMessage() + "\n  replay: " + replayCommand(testClass, method, seed);
                System.err.println("[sim] " + line);
                throw new AssertionError(line, t);
            }
            events += outcome.events();
            virtualMs += outcome.virtualMs();
            outcome.faults().forEach((kind, n) -> faults.merge(kind, (long) n, Long::sum));
            if (count == 1) {
                System.out.println("[sim] seed " + seed + ": trace hash " + Long.toHexString(outcome.traceHash()) + ", "
                        + outcome.events() + " events, " + outcome.virtualMs() + " virtual ms, faults " + outcome.faults());
            }
            done++;
            if (budgetMs != Long.MAX_VALUE && System.nanoTime() - lastReportNs > 10_000_000_000L) {
                lastReportNs = System.nanoTime();
                long ms = (lastReportNs - startNs) / 1_000_000;
                System.out.printf(Locale.ROOT, "[sim soak] %d seeds in %d s: %.1f seeds/s%n", done, ms / 1000, done * 1000.0 / Math.max(1, ms));
            }
        }
        return new Summary(done, first, events, virtualMs, faults, (System.nanoTime() - startNs) / 1_000_000);
    }
}
