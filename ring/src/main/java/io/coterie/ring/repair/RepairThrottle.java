package io.coterie.ring.repair;

/**
 * A token bucket over repair's bytes on the wire ({@code repair-bytes-per-second}), so background repair leaves
 * the network and disks to clients: up to one second's worth goes at once, beyond that the caller waits for the
 * bucket to refill. Time comes in as an argument. Not thread-safe: one repair thread owns it.
 */
public final class RepairThrottle {

    private long tokens;
    private long lastMs;
    private boolean started;

    /**
     * Records {@code bytes} moved at {@code nowMs} under {@code bytesPerSecond} (0 = unthrottled; read at each call,
     * so CONFIG SET applies to a repair already running) and returns how long to wait before moving more.
     */
    public long delayMsAfter(long bytes, long nowMs, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        if (!started) {
            started = true;
            tokens = bytesPerSecond;
        } else if (nowMs > lastMs) {
            tokens = Math.min(bytesPerSecond, tokens + (nowMs - lastMs) * bytesPerSecond / 1000);
        }
        lastMs = Math.max(lastMs, nowMs);
        tokens -= bytes;
        return tokens >= 0 ? 0 : (-tokens * 1000 + bytesPerSecond - 1) / bytesPerSecond;
    }
}
