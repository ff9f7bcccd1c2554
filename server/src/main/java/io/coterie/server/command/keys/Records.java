package io.coterie.server.command.keys;

import io.coterie.storage.Record;

/**
 * Builds the record a command writes over a key. The version metadata belongs to the key's history
 * (the cluster layer derives the next version from it), so a rewrite keeps the existing record's
 * metadata and only a key that did not exist starts with {@link Record#NO_META}.
 */
public final class Records {

    private Records() {
    }

    /** The record that replaces {@code current} (null if the key is absent) with a new value and expiry. */
    public static Record replacing(Record current, byte[] value, long expireAtMs) {
        return new Record(value, expireAtMs, current == null ? Record.NO_META : current.versionMeta());
    }
}
