package io.coterie.server;

import io.coterie.storage.AppendFsync;
import io.coterie.storage.Store;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * An open store plus the two settings CONFIG SET can change on it while running.
 *
 * @param store            the engine every command uses
 * @param setAppendFsync   applies CONFIG SET appendfsync
 * @param setMaxMemoryBytes applies CONFIG SET maxmemory (bytes, 0 = unlimited)
 */
public record StoreHandle(Store store, Consumer<AppendFsync> setAppendFsync, LongConsumer setMaxMemoryBytes) {
}
