package io.coterie.server.dispatch;

import io.coterie.server.command.CommandContext;
import io.coterie.server.command.Session;
import io.coterie.storage.Store;

/** A command context over a given store, with a settable clock and counters for hits and misses. */
public final class TestContext implements CommandContext {

    private final Store store;
    private final Session session;
    public long nowMs = 1_700_000_000_000L;
    public int hits;
    public int misses;

    public TestContext(Store store, Session session) {
        this.store = store;
        this.session = session;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public long nowMillis() {
        return nowMs;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public long maxBulkLength() {
        return 512L * 1024 * 1024;
    }

    @Override
    public void keyspaceHit() {
        hits++;
    }

    @Override
    public void keyspaceMiss() {
        misses++;
    }
}
