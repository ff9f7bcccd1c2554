package io.coterie.ring.failure;

/**
 * Parameters of the phi-accrual failure detector (Hayashibara et al., "The phi accrual failure detector", 2004).
 *
 * <p>With the defaults and heartbeats arriving about once a second, a silent peer crosses the threshold about
 * {@code expectedMean + acceptablePauseMs + 5.2 * max(stdDev, minStdDevMs)} after its last heartbeat: roughly 4-6 s.
 *
 * @param phiThreshold            phi at or above which a peer is suspected (Cassandra's phi_convict_threshold, default 8)
 * @param arrivalWindowSamplesMax how many inter-arrival intervals are kept per peer (Cassandra's ArrivalWindow keeps 1000)
 * @param minStdDevMs             floor on the standard deviation, so a perfectly regular peer is not convicted by one late packet (Akka's min-std-deviation)
 * @param acceptablePauseMs       extra silence tolerated on top of the mean, absorbing GC pauses and load (Akka's acceptable-heartbeat-pause)
 * @param bootstrapIntervalMs     the interval assumed before a peer has a history (Akka's first-heartbeat-estimate; our gossip interval)
 * @param intervalSampleMaxMs     intervals longer than this are not sampled: a peer returning from a long outage must not
 *                                inflate the mean and so blind the detector (Cassandra's MAX_INTERVAL_IN_NANO)
 */
public record PhiAccrualConfig(
        double phiThreshold,
        int arrivalWindowSamplesMax,
        long minStdDevMs,
        long acceptablePauseMs,
        long bootstrapIntervalMs,
        long intervalSampleMaxMs) {

    public static final double DEFAULT_PHI_THRESHOLD = 8.0;

    public PhiAccrualConfig {
        if (!(phiThreshold > 0) || Double.isInfinite(phiThreshold)) {
            throw new IllegalArgumentException("phiThreshold must be positive and finite, got " + phiThreshold);
        }
        if (arrivalWindowSamplesMax < 2) {
            throw new IllegalArgumentException("arrivalWindowSamplesMax must be at least 2, got " + arrivalWindowSamplesMax);
        }
        if (minStdDevMs <= 0 || acceptablePauseMs < 0 || bootstrapIntervalMs <= 0 || intervalSampleMaxMs < bootstrapIntervalMs) {
            throw new IllegalArgumentException("need minStdDevMs > 0, acceptablePauseMs >= 0, bootstrapIntervalMs > 0 and "
                    + "intervalSampleMaxMs >= bootstrapIntervalMs: " + minStdDevMs + ", " + acceptablePauseMs + ", "
                    + bootstrapIntervalMs + ", " + intervalSampleMaxMs);
        }
    }

    /** Defaults for a 1 s gossip interval. */
    public static PhiAccrualConfig defaults() {
        return new PhiAccrualConfig(DEFAULT_PHI_THRESHOLD, 1000, 250, 2000, 1000, 5000);
    }

    public PhiAccrualConfig withPhiThreshold(double threshold) {
        return new PhiAccrualConfig(threshold, arrivalWindowSamplesMax, minStdDevMs, acceptablePauseMs, bootstrapIntervalMs, intervalSampleMaxMs);
    }
}
