package io.coterie.server.cluster.stream;

/**
 * Every bound slot streaming enforces, each named with its unit (docs/streaming.md, "Limits").
 *
 * @param batchBytesMax           record bytes (key + value + versionMeta) per batch; a single larger record travels
 *                                alone, so the bus frame limit (64 MiB) is the true cap on one record
 * @param scanKeysPerBatchMax     keys of the source's store examined to build one batch, so a request over slots with
 *                                few keys still answers well within the request timeout
 * @param sessionsInFlightMax     sessions (each one pass over a source's keys) this node drives at once; the receiver
 *                                holds at most two batches per session in memory (one applied, one fetched ahead)
 * @param slotsPerSessionMax      slots one session carries; a move of more slots from one source takes several passes.
 *                                Slots in flight at once are at most {@code sessionsInFlightMax × slotsPerSessionMax}
 * @param attemptsMax             attempts of one session before the whole move fails (first try included)
 * @param retryBackoffInitialMs   wait before the second attempt; doubles per failure
 * @param retryBackoffMaxMs       cap of that wait
 * @param throttleBytesPerSecond  record bytes per second across all of this mover's sessions; 0 = unthrottled
 * @param sourceSessionsMax       sessions other nodes may hold open on this node as a source; more are refused
 * @param sourceSessionIdleMs     a source session not asked for a batch for this long is dropped
 */
public record StreamLimits(
        int batchBytesMax,
        int scanKeysPerBatchMax,
        int sessionsInFlightMax,
        int slotsPerSessionMax,
        int attemptsMax,
        long retryBackoffInitialMs,
        long retryBackoffMaxMs,
        long throttleBytesPerSecond,
        int sourceSessionsMax,
        long sourceSessionIdleMs) {

    public StreamLimits {
        if (batchBytesMax < 1 || scanKeysPerBatchMax < 1 || sessionsInFlightMax < 1 || slotsPerSessionMax < 1
                || attemptsMax < 1 || retryBackoffInitialMs < 0 || retryBackoffMaxMs < retryBackoffInitialMs
                || throttleBytesPerSecond < 0 || sourceSessionsMax < 1 || sourceSessionIdleMs < 1) {
            throw new IllegalArgumentException("invalid stream limits: batchBytesMax=" + batchBytesMax
                    + " scanKeysPerBatchMax=" + scanKeysPerBatchMax + " sessionsInFlightMax=" + sessionsInFlightMax
                    + " slotsPerSessionMax=" + slotsPerSessionMax + " attemptsMax=" + attemptsMax
                    + " retryBackoffInitialMs=" + retryBackoffInitialMs + " retryBackoffMaxMs=" + retryBackoffMaxMs
                    + " throttleBytesPerSecond=" + throttleBytesPerSecond + " sourceSessionsMax=" + sourceSessionsMax
                    + " sourceSessionIdleMs=" + sourceSessionIdleMs);
        }
    }

    /**
     * 1 MiB batches, 64 Ki keys scanned per batch, 2 sessions of up to all 16384 slots (one pass over each source
     * per move), 5 attempts backing off 200 ms to 5 s, unthrottled, 16 source sessions idle out after 120 s.
     */
    public static StreamLimits defaults() {
        return new StreamLimits(1 << 20, 65_536, 2, 16_384, 5, 200, 5_000, 0, 16, 120_000);
    }

    public StreamLimits withBatchBytesMax(int bytes) {
        return new StreamLimits(bytes, scanKeysPerBatchMax, sessionsInFlightMax, slotsPerSessionMax, attemptsMax,
                retryBackoffInitialMs, retryBackoffMaxMs, throttleBytesPerSecond, sourceSessionsMax, sourceSessionIdleMs);
    }

    public StreamLimits withSessions(int inFlightMax, int slotsPerSession) {
        return new StreamLimits(batchBytesMax, scanKeysPerBatchMax, inFlightMax, slotsPerSession, attemptsMax,
                retryBackoffInitialMs, retryBackoffMaxMs, throttleBytesPerSecond, sourceSessionsMax, sourceSessionIdleMs);
    }

    public StreamLimits withRetries(int attempts, long backoffInitialMs, long backoffMaxMs) {
        return new StreamLimits(batchBytesMax, scanKeysPerBatchMax, sessionsInFlightMax, slotsPerSessionMax, attempts,
                backoffInitialMs, backoffMaxMs, throttleBytesPerSecond, sourceSessionsMax, sourceSessionIdleMs);
    }

    public StreamLimits withThrottleBytesPerSecond(long bytesPerSecond) {
        return new StreamLimits(batchBytesMax, scanKeysPerBatchMax, sessionsInFlightMax, slotsPerSessionMax, attemptsMax,
                retryBackoffInitialMs, retryBackoffMaxMs, bytesPerSecond, sourceSessionsMax, sourceSessionIdleMs);
    }

    /** Wait before attempt {@code failures + 1}: initial · 2^(failures−1), capped. */
    long backoffMs(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        return Math.min(retryBackoffMaxMs, retryBackoffInitialMs << doublings);
    }
}
