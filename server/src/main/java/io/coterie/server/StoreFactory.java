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
        // The persistent engine goes here:
        //   ChronicleStore s = ChronicleStore.open(options(config));
        //   return new StoreHandle(s, s::setAppendFsync, s::setMaxMemoryBytes);
        // Until then the in-memory store, neither durable nor bounded, so both setters are no-ops.
        InMemoryStore store = new InMemoryStore();
        return new StoreHandle(store, fsync -> { }, bytes -> { });
    }
}
