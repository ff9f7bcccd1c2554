package io.coterie.sim.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** Shows that a deliberately broken system is caught: the first seed whose history has the expected anomaly. */
public final class Caught {

    private Caught() {
    }

    /**
     * @param variant  the broken variant, for the messages
     * @param seedsMax fail if no seed in 1..seedsMax shows {@code expected}
     * @param run      one seed's run of the broken variant: its anomalies
     * @return the first seed that showed {@code expected}
     */
    public static long firstSeed(Object variant, int seedsMax, Anomaly.Kind expected, LongFunction<List<Anomaly>> run) {
        for (long seed = 1; seed <= seedsMax; seed++) {
            List<Anomaly> anomalies = run.apply(seed);
            for (Anomaly a : anomalies) {
                if (a.kind() == expected) {
                    System.out.println("[sim] " + variant + " caught at seed " + seed + ": " + kinds(anomalies) + "; e.g. " + a);
                    return seed;
                }
            }
        }
        throw new AssertionError(variant + " was not caught as " + expected + " within " + seedsMax + " seeds");
    }

    /** The kinds among {@code anomalies}, each once, in order of first appearance. */
    public static List<Anomaly.Kind> kinds(List<Anomaly> anomalies) {
        List<Anomaly.Kind> kinds = new ArrayList<>();
        for (Anomaly a : anomalies) {
            if (!kinds.contains(a.kind())) {
                kinds.add(a.kind());
            }
        }
        return kinds;
    }
}
