package io.coterie.server.command;

import java.util.Locale;

/** Command flags as Redis 7 names them in COMMAND INFO; the dispatcher and (later) the coordinator read them. */
public enum CommandFlag {
    WRITE,
    READONLY,
    /** May grow memory: refused with -OOM when the store is full. */
    DENYOOM,
    ADMIN,
    PUBSUB,
    NOSCRIPT,
    /** Allowed before AUTH when requirepass is set. */
    NO_AUTH,
    LOADING,
    STALE,
    FAST,
    ALLOW_BUSY;

    /** The lower-case name COMMAND INFO prints. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
