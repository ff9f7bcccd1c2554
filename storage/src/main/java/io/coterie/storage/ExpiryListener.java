package io.coterie.storage;

/**
 * Told when the store itself removes a record because its expiry passed (lazily on access, in the
 * active expiry cycle, or when a write finds it expired) — removals no caller asked for, which
 * layers that keep per-key summaries (anti-entropy digests) must still account for.
 */
@FunctionalInterface
public interface ExpiryListener {

    ExpiryListener NONE = (key, versionMeta, expireAtMs) -> { };

    /**
     * Called on the removing thread with the key's lock held: must be quick and must not call back into the store.
     *
     * @param versionMeta the removed record's {@link Record#versionMeta()}
     * @param expireAtMs  the removed record's {@link Record#expireAtMs()}
     */
    void expired(byte[] key, byte[] versionMeta, long expireAtMs);
}
