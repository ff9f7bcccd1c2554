package io.coterie.storage;

/**
 * Counters for INFO (memory, persistence, stats, keyspace sections).
 *
 * @param keys               keys stored, including expired ones not yet collected (as Redis's dbsize)
 * @param keysWithExpiry     of those, keys that carry an expiry ("expires=" in INFO keyspace)
 * @param expiredKeys        keys removed because they expired, lazily or actively, since start
 * @param usedBytes          bytes the store's data takes (what maxmemory is compared with)
 * @param capacityKeys       the configured key capacity of the store
 * @param logBytes           size of the commit log on disk
 * @param lastFsyncEpochMs   when the commit log was last made durable, 0 if never
 * @param fsyncErrors        failed fsync/write attempts on the commit log since start
 */
public record StoreStats(
        long keys,
        long keysWithExpiry,
        long expiredKeys,
        long usedBytes,
        long capacityKeys,
        long logBytes,
        long lastFsyncEpochMs,
        long fsyncErrors) {
}
