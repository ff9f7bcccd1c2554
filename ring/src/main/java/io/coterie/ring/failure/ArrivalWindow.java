package io.coterie.ring.failure;

/**
 * The last {@code samplesMax} inter-arrival intervals of one peer's heartbeats, with running sums so the mean and
 * standard deviation cost O(1). A fixed-size ring buffer, as Cassandra's gms/FailureDetector ArrivalWindow: memory per
 * peer is bounded no matter how long the peer lives. Owned by the thread that owns its detector.
 */
final class ArrivalWindow {

    private final long[] intervalsMs;
    private int next;
    private int size;
    private double sumMs;
    private double sumSquaresMs2;
    private long lastArrivalMs;

    ArrivalWindow(int samplesMax, long firstArrivalMs) {
        this.intervalsMs = new long[samplesMax];
        this.lastArrivalMs = firstArrivalMs;
    }

    long lastArrivalMs() {
        return lastArrivalMs;
    }

    void arrivedAt(long nowMs) {
        lastArrivalMs = Math.max(lastArrivalMs, nowMs);
    }

    void add(long intervalMs) {
        if (size == intervalsMs.length) {
            long evicted = intervalsMs[next];
            sumMs -= evicted;
            sumSquaresMs2 -= (double) evicted * evicted;
        } else {
            size++;
        }
        intervalsMs[next] = intervalMs;
        next = (next + 1) % intervalsMs.length;
        sumMs += intervalMs;
        sumSquaresMs2 += (double) intervalMs * intervalMs;
    }

    int size() {
        return size;
    }

    double meanMs() {
        return sumMs / size;
    }

    double stdDevMs() {
        double mean = meanMs();
        // Clamp: floating-point cancellation can make the variance a hair below zero for constant samples.
        return Math.sqrt(Math.max(0.0, sumSquaresMs2 / size - mean * mean));
    }
}
