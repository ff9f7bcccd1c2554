package io.coterie.server.command;

import io.coterie.storage.Store;

/**
 * What a command body may use. One context per connection; it is only touched from that
 * connection's event loop.
 */
public interface CommandContext {

    Store store();

    /** Current time in Unix milliseconds (injected, so tests control expiry). */
    long nowMillis();

    /** The connection this command arrived on. */
    Session session();

    /** Largest string a command may build (APPEND, SETRANGE): proto-max-bulk-len. */
    long maxBulkLength();

    /** INFO stats: a read found its key. */
    void keyspaceHit();

    /** INFO stats: a read did not find its key. */
    void keyspaceMiss();
}
