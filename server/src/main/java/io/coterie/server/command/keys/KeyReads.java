package io.coterie.server.command.keys;

import io.coterie.server.command.CommandContext;
import io.coterie.storage.Record;

/**
 * Reads that count toward INFO's keyspace_hits/keyspace_misses, as Redis's lookupKeyRead does.
 * Write-path lookups (Redis's lookupKeyWrite: INCR, APPEND, EXPIRE, RENAME, ...) do not count and
 * read the store directly.
 */
public final class KeyReads {

    private KeyReads() {
    }

    /** The live record under {@code key}, or null; counts a hit or a miss. */
    public static Record read(CommandContext ctx, byte[] key) {
        Record r = ctx.store().get(key, ctx.nowMillis());
        count(ctx, r != null);
        return r;
    }

    /** Counts a read lookup done inside a store update (SET ... GET, GETDEL, GETEX). */
    public static void count(CommandContext ctx, boolean found) {
        if (found) {
            ctx.keyspaceHit();
        } else {
            ctx.keyspaceMiss();
        }
    }
}
