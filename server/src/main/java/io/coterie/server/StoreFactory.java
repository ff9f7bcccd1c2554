package io.coterie.server;

import io.coterie.server.config.ServerConfig;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.StoreOptions;

/**
 * THE seam where the server chooses its storage engine: the one place to switch to the persistent
 * store (ChronicleStore.open(options), with setAppendFsync / setMaxMemoryBytes as the live setters).
 */
public final class StoreFactory {

    private StoreFactory() {
    }

    public static StoreOptions options(ServerConfig config) {
        return new StoreOptions(config.dir(), config.appendFsync(), config.maxKeys(), config.maxMemoryBytes());
    }

    public static StoreHandle open(ServerConfig config) {
        StoreOptions options = options(config);
        options.dir(); // the persistent engine opens options; the in-memory one has nothing to open.
        // In-memory until the persistent engine lands; it is neither durable nor bounded, so both setters are no-ops.
        InMemoryStore store = new InMemoryStore();
        return new StoreHandle(store, fsync -> { }, bytes -> { });
    }
}
