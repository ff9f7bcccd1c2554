package io.coterie.sim;

import java.util.random.RandomGenerator;

/**
 * The network's weather: how it treats every message that is not cut by a partition.
 *
 * @param lossRate        probability a message is dropped
 * @param duplicateRate   probability a message is delivered twice (each copy with its own delay)
 * @param delayMinMs      lower bound of the usual one-way latency
 * @param delayMaxMs      upper bound of the usual one-way latency (uniform in between, hence reordering)
 * @param slowRate        probability a message instead takes up to {@code slowDelayMaxMs}: a retransmission or a
 *                        congested queue, overtaken by everything sent after it
 * @param slowDelayMaxMs  upper bound of a slow message's latency
 */
public record NetworkConditions(double lossRate, double duplicateRate, long delayMinMs, long delayMaxMs, double slowRate,
                                long slowDelayMaxMs) {

    public NetworkConditions {
        if (lossRate < 0 || lossRate > 1 || duplicateRate < 0 || duplicateRate > 1 || slowRate < 0 || slowRate > 1
                || delayMinMs < 0 || delayMaxMs < delayMinMs || slowDelayMaxMs < delayMaxMs) {
            throw new IllegalArgumentException("bad network conditions " + this);
        }
    }

    /** A quiet LAN: 1–5 ms, nothing lost. */
    public static NetworkConditions calm() {
        return new NetworkConditions(0, 0, 1, 5, 0, 5);
    }

    long sampleDelayMs(RandomGenerator random) {
        if (slowRate > 0 && random.nextDouble() < slowRate) {
            return random.nextLong(delayMaxMs, slowDelayMaxMs + 1);
        }
        return random.nextLong(delayMinMs, delayMaxMs + 1);
    }
}
