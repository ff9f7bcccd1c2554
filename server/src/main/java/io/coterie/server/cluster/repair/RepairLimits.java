package io.coterie.server.cluster.repair;

/**
 * Bounds on one repair session (TIGER_STYLE: a limit on everything).
 *
 * @param chunkKeysMax     keys (by our per-slot counts) whose digests one chunk holds in memory on each side
 * @param chunkSlotsMax    slots per chunk
 * @param fetchKeysMax     key hashes per Fetch request
 * @param pushBytesMax     record bytes per Push request (one larger record travels alone)
 * @param requestTimeoutMs each bus request; a Buckets request makes the peer walk its keys once, so allow for that
 */
public record RepairLimits(int chunkKeysMax, int chunkSlotsMax, int fetchKeysMax, int pushBytesMax, long requestTimeoutMs) {

    public RepairLimits {
        if (chunkKeysMax < 1 || chunkSlotsMax < 1 || fetchKeysMax < 1 || pushBytesMax < 1 || requestTimeoutMs < 1) {
            throw new IllegalArgumentException("repair limits must be positive: " + chunkKeysMax + ", " + chunkSlotsMax
                    + ", " + fetchKeysMax + ", " + pushBytesMax + ", " + requestTimeoutMs);
        }
    }

    public static RepairLimits defaults() {
        return new RepairLimits(262_144, 16_384, 8_192, 1 << 20, 30_000);
    }
}
