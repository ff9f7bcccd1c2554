package io.coterie.ring.failure;

import io.coterie.ring.NodeId;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Phi-accrual failure detector (Hayashibara, Défago, Yared, Katayama, SRDS 2004): instead of a yes/no timeout it
 * reports phi = -log10(P(a heartbeat arrives later than now)), a suspicion level that grows with silence relative to
 * the peer's own arrival history.
 *
 * <p>Distribution: we follow Akka's PhiAccrualFailureDetector (a normal distribution with a floor on the standard
 * deviation plus an acceptable pause added to the mean) rather than Cassandra's exponential approximation
 * (phi = t / (mean * ln 10)). With a 1 s mean the exponential form needs 18.4 s of silence to reach phi = 8 and so
 * cannot meet our 10 s kill-detection target at the default threshold, while the normal form convicts predictably at
 * mean + pause + ~5.2 sigma and the pause term is what absorbs GC stalls and load.
 *
 * <p>Pure: no clock, no threads; the caller passes the time. Not thread-safe: owned by the gossip thread.
 */
public final class PhiAccrualDetector {

    private final PhiAccrualConfig config;
    private final Map<NodeId, ArrivalWindow> windows = new HashMap<>();

    public PhiAccrualDetector(PhiAccrualConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public PhiAccrualConfig config() {
        return config;
    }

    /** Records that evidence of {@code peer} being alive (a newer heartbeat version) arrived at {@code nowMs}. */
    public void heartbeat(NodeId peer, long nowMs) {
        ArrivalWindow window = windows.get(peer);
        if (window == null) {
            // First heartbeat: no history yet, so assume the configured interval with a spread of a quarter of it,
            // as Akka's first-heartbeat-estimate does, instead of convicting or trusting blindly.
            window = new ArrivalWindow(config.arrivalWindowSamplesMax(), nowMs);
            long bootstrap = config.bootstrapIntervalMs();
            window.add(bootstrap - bootstrap / 4);
            window.add(bootstrap + bootstrap / 4);
            windows.put(peer, window);
            return;
        }
        long intervalMs = nowMs - window.lastArrivalMs();
        if (intervalMs > 0 && intervalMs <= config.intervalSampleMaxMs()) {
            window.add(intervalMs);
        }
        window.arrivedAt(nowMs);
    }

    /** Suspicion level of {@code peer} at {@code nowMs}; 0 for a peer never heard from (nothing to suspect yet). */
    public double phi(NodeId peer, long nowMs) {
        ArrivalWindow window = windows.get(peer);
        if (window == null) {
            return 0.0;
        }
        long sinceLastMs = Math.max(0, nowMs - window.lastArrivalMs());
        double meanMs = window.meanMs() + config.acceptablePauseMs();
        double stdDevMs = Math.max(window.stdDevMs(), config.minStdDevMs());
        return phi(sinceLastMs, meanMs, stdDevMs);
    }

    public boolean isSuspect(NodeId peer, long nowMs) {
        return phi(peer, nowMs) >= config.phiThreshold();
    }

    /** Whether any heartbeat of {@code peer} has been recorded since it was added or last reset. */
    public boolean isTracking(NodeId peer) {
        return windows.containsKey(peer);
    }

    /**
     * Forgets {@code peer}'s history: used when it restarts with a new generation (Cassandra's FailureDetector.remove
     * on a generation change), since the old incarnation's intervals say nothing about the new one, and when it is
     * removed from the cluster.
     */
    public void remove(NodeId peer) {
        windows.remove(peer);
    }

    /** Number of inter-arrival samples held for {@code peer}; bounded by {@link PhiAccrualConfig#arrivalWindowSamplesMax()}. */
    public int samples(NodeId peer) {
        ArrivalWindow window = windows.get(peer);
        return window == null ? 0 : window.size();
    }

    /**
     * -log10(1 - F(t)) for a normal F, using the logistic approximation of the normal CDF (Bowling et al. 2009,
     * as in Akka) which stays accurate in the tail where 1 - erf would underflow to 0 and give infinite phi.
     */
    static double phi(double sinceLastMs, double meanMs, double stdDevMs) {
        double y = (sinceLastMs - meanMs) / stdDevMs;
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        if (sinceLastMs > meanMs) {
            return -Math.log10(e / (1.0 + e));
        }
        return -Math.log10(1.0 - 1.0 / (1.0 + e));
    }
}
