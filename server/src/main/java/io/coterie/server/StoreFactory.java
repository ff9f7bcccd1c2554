package io.coterie.server;

import io.coterie.server.config.ServerConfig;
import io.coterie.storage.ChronicleStore;
import io.coterie.storage.StoreOptions;

/**
 * Where the server chooses its storage engine: the persistent Chronicle Map store with its commit log,
 * and the two settings CONFIG SET can change while it runs.
 */
public final class StoreFactory {

    private StoreFactory() {
    }

    public static StoreOptions options(ServerConfig config) {
        return new StoreOptions(config.dir(), config.appendFsync(), config.maxKeys(), config.maxMemoryBytes());
    }

    public static StoreHandle open(ServerConfig config) {
        ChronicleStore store = ChronicleStore.open(options(config));
        return new StoreHandle(store, store::setAppendFsync, store::setMaxMemoryBytes);
    }
}
