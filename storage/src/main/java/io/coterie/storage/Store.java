package io.coterie.storage;

import java.util.function.Consumer;

/**
 * The node-local key-value engine. Thread-safe: every event loop calls it directly, so no call may
 * block for long (no I/O on the calling thread except in {@link #awaitDurable()} under
 * {@code appendfsync always}).
 *
 * <p>Expiry: a record whose expiry has passed is never returned; reads remove it on the way (lazy
 * expiry) and {@link #expireCycle} removes those nobody reads (active expiry).
 *
 * <p>Durability: every change is written to the commit log before the map; {@link #awaitDurable()}
 * makes all changes made so far as durable as the configured {@code appendfsync} promises, and the
 * server calls it before it sends the replies of a batch of commands.
 */
public interface Store extends AutoCloseable {

    /** The live record under {@code key}, or null if absent or expired at {@code nowMs}. */
    Record get(byte[] key, long nowMs);

    /** Stores {@code record} under {@code key} unconditionally. */
    void put(byte[] key, Record record) throws StoreFullException;

    /** Removes {@code key}; true if a live (unexpired at {@code nowMs}) record was removed. */
    boolean remove(byte[] key, long nowMs);

    /**
     * Whether this store was opened after an unclean shutdown of its previous run (a crash or kill -9), which may
     * have lost writes not yet fsynced ({@code appendfsync everysec|no}).
     */
    default boolean recoveredFromCrash() {
        return false;
    }

    /** Runs {@code update} atomically for {@code key} and applies the mutation it returns. */
    <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) throws StoreFullException;

    /** Number of keys stored, counting expired keys not yet collected (Redis's DBSIZE does the same). */
    long size();

    /** Removes every key (FLUSHALL). Logged like any other write. */
    void clear();

    /** One page of keys, starting at {@code cursor} (0 = start), about {@code count} keys long. */
    ScanPage scan(long cursor, int count);

    /** Calls {@code action} for every live key at {@code nowMs} (KEYS). */
    void forEachKey(long nowMs, Consumer<byte[]> action);

    /** A random live key, or null if the store is empty. */
    byte[] randomKey(long nowMs);

    /**
     * One step of active expiry: examines at most {@code maxKeysExamined} keys that carry an expiry
     * and removes those expired at {@code nowMs}.
     *
     * @return the number of keys removed
     */
    int expireCycle(long nowMs, int maxKeysExamined);

    /** Makes every change so far as durable as {@code appendfsync} promises (see class comment). */
    void awaitDurable();

    /** Every change this thread has made so far, for any thread to make durable later. */
    DurabilityMark durabilityMark();

    StoreStats stats();

    /** Installs the one listener told about records removed by expiry (replacing any earlier one). */
    void setExpiryListener(ExpiryListener listener);

    /** Flushes and closes cleanly, so the next start needs no crash recovery. */
    @Override
    void close();
}
