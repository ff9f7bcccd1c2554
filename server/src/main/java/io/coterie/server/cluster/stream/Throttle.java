package io.coterie.server.cluster.stream;

/**
 * Caps the record bytes a mover moves per second across all its sessions (for repair, which must not starve client
 * traffic). Pay-after: a batch goes at once, and the next one waits until the bytes sent so far fit the rate, so the
 * rate holds over any window longer than one batch. Thread-safe.
 */
final class Throttle {

    private final long bytesPerSecond;
    private long nextFreeMs;

    /** @param bytesPerSecond 0 = unthrottled */
    Throttle(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 0, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Records that {@code bytes} were moved at {@code nowMs}; returns how long to wait before moving more. */
    synchronized long delayMsAfter(long bytes, long nowMs) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        nextFreeMs = Math.max(nextFreeMs, nowMs) + bytes * 1000 / bytesPerSecond;
        return Math.max(0, nextFreeMs - nowMs);
    }
}
