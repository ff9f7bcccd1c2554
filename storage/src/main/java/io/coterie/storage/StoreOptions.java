package io.coterie.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open the persistent store.
 *
 * @param dir             data directory (created if missing); the store owns everything under it
 * @param appendFsync     commit-log fsync policy
 * @param maxKeys         key capacity the map is sized for; writes past it answer -OOM
 * @param maxMemoryBytes  Redis's maxmemory for the data, 0 = unlimited; writes past it answer -OOM
 */
public record StoreOptions(Path dir, AppendFsync appendFsync, long maxKeys, long maxMemoryBytes) {

    public static final long DEFAULT_MAX_KEYS = 10_000_000L;

    public StoreOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(appendFsync, "appendFsync");
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
        }
        if (maxMemoryBytes < 0) {
            throw new IllegalArgumentException("maxMemoryBytes must be >= 0, was " + maxMemoryBytes);
        }
    }

    public static StoreOptions defaults(Path dir) {
        return new StoreOptions(dir, AppendFsync.EVERYSEC, DEFAULT_MAX_KEYS, 0);
    }
}
