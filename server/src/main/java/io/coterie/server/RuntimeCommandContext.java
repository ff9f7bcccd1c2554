package io.coterie.server;

import io.coterie.server.command.CommandContext;
import io.coterie.server.command.Session;
import io.coterie.storage.Store;

/**
 * What a command body sees when it runs on this server: the runtime's store, clock, limits and counters, plus
 * the session it runs for (a client connection, or the bus for commands peers forward here).
 */
public final class RuntimeCommandContext implements CommandContext {

    private final ServerRuntime runtime;
    private final Store store;
    private final Session session;

    public RuntimeCommandContext(ServerRuntime runtime, Session session) {
        this.runtime = runtime;
        this.store = runtime.store();
        this.session = session;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public long nowMillis() {
        return runtime.clock().millis();
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public long maxBulkLength() {
        return runtime.config().protoMaxBulkLenBytes();
    }

    @Override
    public void keyspaceHit() {
        runtime.metrics().keyspaceHits.increment();
    }

    @Override
    public void keyspaceMiss() {
        runtime.metrics().keyspaceMisses.increment();
    }
}
