package io.coterie.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent {@link Store}: records in a Chronicle Map file, made durable by a {@link CommitLog}
 * written before the map, values over {@link #INLINE_RECORD_BYTES_MAX} in a {@link BlobStore}.
 *
 * <p>Write path (put, update, remove, expiry): take the key's stripe lock ({@link KeyLocks}), take
 * Chronicle's update lock for the key, read the old record, check limits, append the resulting record
 * (or delete) to the log, apply it to the map, release. Per-key log order therefore equals apply order.
 * Read path: Chronicle's {@code get} under its read lock, no stripe lock; it allocates the encoded
 * record's copy and the returned record (measured faster than decoding in place through a query
 * context, whose per-call overhead costs more than the ~100-byte copy).
 *
 * <p>A {@link Checkpointer} trims the log every {@link #CHECKPOINT_SEGMENT_BYTES} of it or
 * {@link #CHECKPOINT_INTERVAL_MS}; {@link KeyIteration} serves SCAN, KEYS and RANDOMKEY.
 *
 * <p>{@code usedBytes} (what maxmemory is compared with) is the data's footprint: for each key, the
 * key bytes, the stored record bytes, the blob bytes if any, and {@link #ENTRY_OVERHEAD_BYTES} for
 * Chronicle's per-entry bookkeeping. It excludes the map's empty preallocated space, as Redis's
 * {@code used_memory} excludes free allocator space.
 */
public final class ChronicleStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleStore.class);

    /** Records whose inline form is larger go to a blob; a map sized for 1024 entries still fits 128 KiB. */
    static final int INLINE_RECORD_BYTES_MAX = 32 * 1024;
    /** Approximate Chronicle bookkeeping per entry: hash-lookup slot, size prefixes, chunk rounding. */
    static final int ENTRY_OVERHEAD_BYTES = 32;
    static final int LOG_BUFFER_BYTES_MAX = 8 * 1024 * 1024;
    static final long LOG_BUFFER_WAIT_MS_MAX = 5_000;
    /**
     * Bounds replay after a crash: 64 MiB of log (~480 k 100-byte SETs) replays in about 2 s (measured
     * ~270 k entries/s). Each checkpoint fsyncs the map, after which the kernel write-protects every page it
     * wrote back, so the next write to each faults again: at 16 MiB a SET-heavy load checkpointed every
     * second and spent about a fifth of the server's CPU on that fsync and those faults.
     */
    static final long CHECKPOINT_SEGMENT_BYTES = 64L * 1024 * 1024;
    static final long CHECKPOINT_INTERVAL_MS = 60_000;
    /** A blob read fails only when a writer replaced it meanwhile; more misses than this means it is lost. */
    private static final int BLOB_READ_ATTEMPTS_MAX = 16;

    private final DataDirectory dataDir;
    private final ChronicleMap<byte[], byte[]> map;
    private final BlobStore blobs;
    /** Set once at open, before the store is handed out. */
    private boolean recoveredFromCrash;
    private final ExpiryIndex expiries = new ExpiryIndex();
    private final KeyLocks locks = new KeyLocks();
    private final KeyIteration keys;
    private final long maxKeys;
    private final AppendFsync initialFsync;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private final AtomicLong keyCount = new AtomicLong();
    private final LongAdder usedBytes = new LongAdder();
    private final AtomicLong expiredKeys = new AtomicLong();
    private volatile ExpiryListener expiryListener = ExpiryListener.NONE;
    private volatile long maxMemoryBytes;

    /** Null while the log is being replayed on open: replayed writes are not logged again. */
    private volatile CommitLog log;
    /** Set with the log, after replay. */
    private Checkpointer checkpointer;
    private volatile boolean closed;

    /** Per-thread buffers, so the hot path allocates nothing but the records it returns. */
    private static final class Scratch {
        final ScratchBuffer entry = new ScratchBuffer();
        final ScratchBuffer blobRef = new ScratchBuffer();
        final ScratchBuffer undo = new ScratchBuffer();
        final RecordCodec.View view = new RecordCodec.View();
        /** The key of the current write, copied so {@link #keyData} can hand it to Chronicle. */
        final ScratchBuffer key = new ScratchBuffer();
        final ScratchData keyData = new ScratchData();
        final ScratchData valueData = new ScratchData();
        long lastAppendEnd;
    }

    /**
     * Chronicle's update context for {@code key}, which it sees as {@link ScratchData} (faster to hash,
     * compare and copy than Chronicle's own {@code byte[]} handling; same bytes, same hash).
     */
    private ExternalMapQueryContext<byte[], byte[], ?> queryContext(byte[] key, Scratch s) {
        s.key.reset();
        s.key.write(key);
        return map.queryContext(s.keyData.bind(s.key, 0, key.length));
    }

    private ChronicleStore(DataDirectory dataDir, ChronicleMap<byte[], byte[]> map, BlobStore blobs, StoreOptions options) {
        this.dataDir = dataDir;
        this.map = map;
        this.blobs = blobs;
        this.keys = new KeyIteration(map);
        this.maxKeys = options.maxKeys();
        this.maxMemoryBytes = options.maxMemoryBytes();
        this.initialFsync = options.appendFsync();
    }

    /**
     * Opens (or creates) the store in {@code options.dir()}. After an unclean shutdown it clears the
     * map's stale locks, replays the commit log and drops a torn last entry; see {@link Recovery}.
     */
    public static ChronicleStore open(StoreOptions options) {
        return open(options, LogSegments::create);
    }

    /** As {@link #open(StoreOptions)}, with the commit log's files made by {@code segmentFactory} (tests inject I/O faults). */
    static ChronicleStore open(StoreOptions options, LogSegments.Factory segmentFactory) {
        long startNanos = System.nanoTime();
        DataDirectory dir = null;
        ChronicleMap<byte[], byte[]> map = null;
        ChronicleStore store = null;
        try {
            dir = DataDirectory.open(options.dir());
            boolean clean = dir.wasShutDownCleanly();
            boolean crashed = !clean && Files.exists(dir.mapFile());
            String shutdown = clean ? "clean" : crashed ? "unclean" : "no previous";
            map = RecordMapFactory.open(dir.mapFile(), dir.mapSizingFile(), options.maxKeys(), clean);
            long mapOpenedNanos = System.nanoTime();
            dir.removeCleanShutdownMarker();
            store = new ChronicleStore(dir, map, new BlobStore(dir.blobDir()), options);
            store.recoveredFromCrash = crashed;
            Recovery.Result r = Recovery.replay(dir.logDir(), store::applyReplayed);
            long replayedNanos = System.nanoTime();
            store.rebuildFromMap();
            long rebuiltNanos = System.nanoTime();
            store.log = new CommitLog(dir.logDir(), options.appendFsync(), LOG_BUFFER_BYTES_MAX, LOG_BUFFER_WAIT_MS_MAX,
                    segmentFactory);
            store.checkpointer = new Checkpointer(store.log, store.locks, dir.mapFile(), store.blobs,
                    CHECKPOINT_SEGMENT_BYTES, CHECKPOINT_INTERVAL_MS);
            if (r.entries() > 0) {
                // The replayed segments become redundant once the map holding their effect is fsynced.
                store.checkpoint();
            } else {
                // Nothing to make durable: skip the map fsync, which on a new map writes its whole
                // initialised index (about 200 MB for 10 M keys).
                store.log.deleteSegmentsBefore(store.log.rotate());
            }
            store.checkpointer.startPeriodic();
            long doneNanos = System.nanoTime();
            LOG.info("opened {} ({} shutdown) in {} ms: {} keys; map open {} ms, replayed {} log entries{} in {} ms,"
                            + " rebuilt counters and TTL index in {} ms, checkpoint {} ms",
                    options.dir(), shutdown, ms(doneNanos - startNanos), store.keyCount.get(), ms(mapOpenedNanos - startNanos),
                    r.entries(), r.tornTail() ? " (ignored a torn last entry)" : "", ms(replayedNanos - mapOpenedNanos),
                    ms(rebuiltNanos - replayedNanos), ms(doneNanos - rebuiltNanos));
            return store;
        } catch (IOException | RuntimeException e) {
            if (store != null && store.log != null) {
                try {
                    store.log.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (map != null) {
                map.close();
            }
            if (dir != null) {
                try {
                    dir.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open store in " + options.dir() + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** CONFIG SET appendfsync. */
    public void setAppendFsync(AppendFsync policy) {
        log.setPolicy(policy);
    }

    public AppendFsync appendFsync() {
        CommitLog l = log;
        return l == null ? initialFsync : l.policy();
    }

    /** fsyncs of the commit log since open: with {@link #awaitDurable} calls, shows how well group commit batches. */
    long logFsyncCount() {
        return log.fsyncCount();
    }

    /** Where this thread's last write ends in the commit log's stream, and where what is fsynced ends (tests). */
    long lastAppendEndOfThisThread() {
        return scratch.get().lastAppendEnd;
    }

    long logDurablePosition() {
        return log.durablePosition();
    }

    /** CONFIG SET maxmemory; 0 = unlimited. */
    public void setMaxMemoryBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxmemory must be >= 0, was " + bytes);
        }
        this.maxMemoryBytes = bytes;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Record get(byte[] key, long nowMs) {
        ensureOpen();
        RecordCodec.View view = scratch.get().view;
        for (int attempt = 0; attempt < BLOB_READ_ATTEMPTS_MAX; attempt++) {
            // Chronicle's own get measured 2x faster than a query context here, even with the copy.
            byte[] encoded = map.get(key);
            if (encoded == null) {
                return null;
            }
            view.parse(encoded);
            if (view.isExpiredAt(nowMs)) {
                expireLazily(key, nowMs);
                return null;
            }
            if (!view.isBlob()) {
                return new Record(view.copyInlineValue(encoded), view.expireAtMs, view.copyMeta(encoded));
            }
            // No lock is held while reading the file; a writer replacing it meanwhile makes us retry.
            byte[] value = readBlob(view.blobId, view.valueLength);
            if (value != null) {
                return new Record(value, view.expireAtMs, view.copyMeta(encoded));
            }
        }
        throw new IllegalStateException("value file of a key keeps vanishing; blob store damaged?");
    }

    private byte[] readBlob(long blobId, int length) {
        try {
            return blobs.readOrNull(blobId, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read value file " + blobId, e);
        }
    }

    private void expireLazily(byte[] key, long nowMs) {
        try {
            expireIfDue(key, -1, nowMs);
        } catch (StoreWriteException e) {
            // The log refuses writes: leave the expired record in place (it is never returned).
            LOG.debug("lazy expiry deferred: {}", e.getMessage());
        }
    }

    @Override
    public long size() {
        return keyCount.get();
    }

    @Override
    public ScanPage scan(long cursor, int count) {
        ensureOpen();
        return keys.scan(cursor, count);
    }

    @Override
    public void forEachKey(long nowMs, Consumer<byte[]> action) {
        ensureOpen();
        keys.forEachLiveKey(nowMs, action);
    }

    @Override
    public byte[] randomKey(long nowMs) {
        ensureOpen();
        return keys.randomLiveKey(nowMs);
    }

    @Override
    public StoreStats stats() {
        CommitLog l = log;
        return new StoreStats(keyCount.get(), expiries.size(), expiredKeys.get(), usedBytes.sum(), maxKeys,
                l == null ? 0 : l.bytesOnDisk(), l == null ? 0 : l.lastFsyncEpochMs(), l == null ? 0 : l.writeErrors());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(byte[] key, Record record) {
        ensureOpen();
        Scratch s = scratch.get();
        s.entry.reset();
        int recordOffset = LogEntryCodec.encodePut(key, record, s.entry);
        long blobId = -1;
        if (needsBlob(record)) {
            // Written before taking any lock: a fresh file nobody references yet.
            blobId = writeBlob(record.value());
        }
        long oldBlob = -1;
        boolean applied = false;
        ReentrantLock stripe = locks.forKey(key);
        stripe.lock();
        try {
            ensureOpen();
            try (ExternalMapQueryContext<byte[], byte[], ?> c = queryContext(key, s)) {
                c.updateLock().lock();
                oldBlob = putInContext(c, c.entry(), key, record, s, recordOffset, blobId, true);
                applied = true;
            }
        } finally {
            stripe.unlock();
            if (!applied && blobId >= 0) {
                deleteBlobQuietly(blobId);
            }
        }
        if (oldBlob >= 0) {
            deleteBlobQuietly(oldBlob);
        }
    }

    @Override
    public boolean recoveredFromCrash() {
        return recoveredFromCrash;
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        ensureOpen();
        Scratch s = scratch.get();
        long oldBlob = -1;
        boolean wasLive = false;
        ReentrantLock stripe = locks.forKey(key);
        stripe.lock();
        try {
            ensureOpen();
            try (ExternalMapQueryContext<byte[], byte[], ?> c = queryContext(key, s)) {
                c.updateLock().lock();
                MapEntry<byte[], byte[]> e = c.entry();
                if (e == null) {
                    return false;
                }
                Data<byte[]> v = e.value();
                RecordCodec.View view = s.view.parse(v.bytes(), v.offset(), v.size());
                wasLive = !view.isExpiredAt(nowMs);
                byte[] meta = wasLive ? null : view.copyMeta(v.bytes());
                long expiredAtMs = view.expireAtMs;
                oldBlob = removeInContext(c, e, key, view, s);
                if (!wasLive) {
                    expired(key, meta, expiredAtMs);
                }
            }
        } finally {
            stripe.unlock();
        }
        if (oldBlob >= 0) {
            deleteBlobQuietly(oldBlob);
        }
        return wasLive;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code update} runs holding the key's stripe lock and Chronicle's update lock on the key's
     * segment: it must not call back into this store (a nested lock on the same segment would fail).
     */
    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
        ensureOpen();
        Scratch s = scratch.get();
        long oldBlob = -1;
        long newBlob = -1;
        boolean applied = false;
        T result;
        ReentrantLock stripe = locks.forKey(key);
        stripe.lock();
        try {
            ensureOpen();
            try (ExternalMapQueryContext<byte[], byte[], ?> c = queryContext(key, s)) {
                c.updateLock().lock();
                MapEntry<byte[], byte[]> e = c.entry();
                Record current = null;
                boolean expired = false;
                byte[] expiredMeta = null;
                long expiredAtMs = Record.NO_EXPIRY;
                if (e != null) {
                    Data<byte[]> v = e.value();
                    RecordCodec.View view = s.view.parse(v.bytes(), v.offset(), v.size());
                    expired = view.isExpiredAt(nowMs);
                    if (!expired) {
                        current = materialize(view, v.bytes());
                    } else {
                        expiredMeta = view.copyMeta(v.bytes());
                        expiredAtMs = view.expireAtMs;
                    }
                }
                Mutation<T> m = update.apply(current);
                result = m.result();
                if (m instanceof Mutation.Put<T> p) {
                    s.entry.reset();
                    int recordOffset = LogEntryCodec.encodePut(key, p.record(), s.entry);
                    if (needsBlob(p.record())) {
                        // Under the lock, unlike put(): the value only exists once the update has run.
                        newBlob = writeBlob(p.record().value());
                    }
                    oldBlob = putInContext(c, e, key, p.record(), s, recordOffset, newBlob, true);
                } else if (e != null && (m instanceof Mutation.Remove<T> || expired)) {
                    oldBlob = removeInContext(c, e, key, s.view.parse(e.value().bytes(), e.value().offset(), e.value().size()), s);
                }
                if (expired) {
                    expired(key, expiredMeta, expiredAtMs);
                }
                applied = true;
            }
        } finally {
            stripe.unlock();
            if (!applied && newBlob >= 0) {
                deleteBlobQuietly(newBlob);
            }
        }
        if (oldBlob >= 0) {
            deleteBlobQuietly(oldBlob);
        }
        return result;
    }

    @Override
    public void clear() {
        ensureOpen();
        locks.lockAll();
        try {
            ensureOpen();
            Scratch s = scratch.get();
            s.entry.reset();
            LogEntryCodec.encodeClear(s.entry);
            appendToLog(s);
            clearApplied();
        } finally {
            locks.unlockAll();
        }
    }

    /**
     * With every stripe held. Deletes only the blobs the map references: a put may have written a
     * fresh blob before it blocked on its stripe, and that blob must survive.
     */
    private void clearApplied() {
        List<Long> referenced = new ArrayList<>();
        RecordCodec.View view = new RecordCodec.View();
        map.forEachEntry(e -> {
            Data<byte[]> v = e.value();
            if (view.parse(v.bytes(), v.offset(), v.size()).isBlob()) {
                referenced.add(view.blobId);
            }
        });
        map.clear();
        expiries.clear();
        keyCount.set(0);
        usedBytes.reset();
        referenced.forEach(this::deleteBlobQuietly);
    }

    @Override
    public int expireCycle(long nowMs, int maxKeysExamined) {
        ensureOpen();
        return expiries.expireDue(nowMs, maxKeysExamined, (key, expireAtMs) -> {
            try {
                return expireIfDue(key, expireAtMs, nowMs);
            } catch (StoreWriteException e) {
                LOG.debug("active expiry deferred: {}", e.getMessage());
                return false;
            }
        });
    }

    @Override
    public void setExpiryListener(ExpiryListener listener) {
        this.expiryListener = listener;
    }

    private void expired(byte[] key, byte[] versionMeta, long expireAtMs) {
        expiredKeys.incrementAndGet();
        expiryListener.expired(key, versionMeta, expireAtMs);
    }

    /**
     * Removes {@code key} if it is expired at {@code nowMs} (and, when {@code indexedExpireAtMs >= 0},
     * still carries that expiry; otherwise the index entry is stale and is dropped).
     */
    private boolean expireIfDue(byte[] key, long indexedExpireAtMs, long nowMs) {
        Scratch s = scratch.get();
        long oldBlob = -1;
        ReentrantLock stripe = locks.forKey(key);
        stripe.lock();
        try {
            ensureOpen();
            try (ExternalMapQueryContext<byte[], byte[], ?> c = queryContext(key, s)) {
                c.updateLock().lock();
                MapEntry<byte[], byte[]> e = c.entry();
                RecordCodec.View view = null;
                if (e != null) {
                    Data<byte[]> v = e.value();
                    view = s.view.parse(v.bytes(), v.offset(), v.size());
                }
                boolean sameExpiry = view != null && (indexedExpireAtMs < 0 || view.expireAtMs == indexedExpireAtMs);
                if (!sameExpiry || !view.isExpiredAt(nowMs)) {
                    if (indexedExpireAtMs > 0 && (view == null || view.expireAtMs != indexedExpireAtMs)) {
                        expiries.update(key, indexedExpireAtMs, Record.NO_EXPIRY);
                    }
                    return false;
                }
                byte[] meta = view.copyMeta(e.value().bytes());
                long expiredAtMs = view.expireAtMs;
                oldBlob = removeInContext(c, e, key, view, s);
                expired(key, meta, expiredAtMs);
            }
        } finally {
            stripe.unlock();
        }
        if (oldBlob >= 0) {
            deleteBlobQuietly(oldBlob);
        }
        return true;
    }

    /**
     * Makes durable every write this thread made so far (group commit: a thread whose writes another
     * thread's fsync already covered returns at once). Call it on the thread that made the writes,
     * as the server does before sending a batch's replies from the event loop that ran them.
     */
    @Override
    public void awaitDurable() {
        ensureOpen();
        long position = scratch.get().lastAppendEnd;
        if (position > 0) {
            log.awaitDurable(position);
        }
    }

    @Override
    public DurabilityMark durabilityMark() {
        ensureOpen();
        long position = scratch.get().lastAppendEnd;
        return position > 0 ? () -> log.awaitDurable(position) : DurabilityMark.NONE;
    }

    /**
     * With the key's stripe and Chronicle update lock held: checks limits, logs, stores.
     * {@code s.entry} holds the encoded PUT entry, its inline record at {@code recordOffset}.
     *
     * @return the blob the old record referenced (to delete after unlocking), or -1
     */
    private long putInContext(ExternalMapQueryContext<byte[], byte[], ?> c, MapEntry<byte[], byte[]> e, byte[] key,
            Record record, Scratch s, int recordOffset, long blobId, boolean enforceLimits) {
        long oldFootprint = 0;
        long oldExpireAtMs = Record.NO_EXPIRY;
        long oldBlob = -1;
        if (e != null) {
            Data<byte[]> v = e.value();
            RecordCodec.View old = s.view.parse(v.bytes(), v.offset(), v.size());
            oldFootprint = footprint(key.length, old);
            oldExpireAtMs = old.expireAtMs;
            oldBlob = old.blobId;
        }
        ScratchData value;
        if (blobId >= 0) {
            s.blobRef.reset();
            RecordCodec.encodeBlobRef(record, blobId, s.blobRef);
            value = s.valueData.bind(s.blobRef, 0, s.blobRef.length());
        } else {
            value = s.valueData.bind(s.entry, recordOffset, s.entry.length() - recordOffset);
        }
        long storedLength = value.size();
        long newFootprint = key.length + storedLength + (blobId >= 0 ? record.value().length : 0) + ENTRY_OVERHEAD_BYTES;
        if (enforceLimits) {
            checkLimits(e == null, newFootprint - oldFootprint);
        }
        appendToLog(s);
        try {
            if (e == null) {
                c.insert(c.absentEntry(), value);
            } else {
                c.replaceValue(e, value);
            }
        } catch (IllegalStateException | IllegalArgumentException chronicleRefused) {
            // Chronicle ran out of space (tiers exhausted); the map is unchanged, but the log already
            // says otherwise: log the key's actual state again so replay ends where the map is.
            logActualState(c, key, s);
            throw new StoreFullException("the map file is full (" + keyCount.get() + " keys): "
                    + chronicleRefused.getMessage(), chronicleRefused);
        }
        if (e == null) {
            keyCount.incrementAndGet();
        }
        usedBytes.add(newFootprint - oldFootprint);
        expiries.update(key, oldExpireAtMs, record.expireAtMs());
        return oldBlob;
    }

    private void logActualState(ExternalMapQueryContext<byte[], byte[], ?> c, byte[] key, Scratch s) {
        CommitLog l = log;
        if (l == null) {
            return;
        }
        s.undo.reset();
        MapEntry<byte[], byte[]> current = c.entry();
        if (current == null) {
            LogEntryCodec.encodeRemove(key, s.undo);
        } else {
            Data<byte[]> v = current.value();
            LogEntryCodec.encodePut(key, materialize(new RecordCodec.View().parse(v.bytes(), v.offset(), v.size()), v.bytes()), s.undo);
        }
        try {
            s.lastAppendEnd = l.append(s.undo.array(), 0, s.undo.length());
        } catch (StoreWriteException e) {
            LOG.error("could not log the undo of a refused write for a key; a replay may restore it", e);
        }
    }

    /** With the key's stripe and Chronicle update lock held: logs and applies a delete. */
    private long removeInContext(ExternalMapQueryContext<byte[], byte[], ?> c, MapEntry<byte[], byte[]> e, byte[] key,
            RecordCodec.View view, Scratch s) {
        long footprint = footprint(key.length, view);
        long oldExpireAtMs = view.expireAtMs;
        long oldBlob = view.blobId;
        // s.entry may hold a PUT still needed by the caller only before this point; reuse it.
        s.entry.reset();
        LogEntryCodec.encodeRemove(key, s.entry);
        appendToLog(s);
        c.remove(e);
        keyCount.decrementAndGet();
        usedBytes.add(-footprint);
        expiries.update(key, oldExpireAtMs, Record.NO_EXPIRY);
        return oldBlob;
    }

    private void checkLimits(boolean newKey, long growthBytes) {
        if (newKey && keyCount.get() >= maxKeys) {
            throw new StoreFullException("the store is at its key capacity of " + maxKeys + " keys");
        }
        long max = maxMemoryBytes;
        if (max > 0 && growthBytes > 0 && usedBytes.sum() >= max) {
            throw new StoreFullException("command not allowed when used memory > 'maxmemory'");
        }
    }

    private void appendToLog(Scratch s) {
        CommitLog l = log;
        if (l != null) {
            s.lastAppendEnd = l.append(s.entry.array(), 0, s.entry.length());
        }
    }

    private static boolean needsBlob(Record r) {
        return RecordCodec.inlineLength(r) > INLINE_RECORD_BYTES_MAX;
    }

    private long writeBlob(byte[] value) {
        try {
            return blobs.write(value);
        } catch (IOException e) {
            throw new StoreWriteException("cannot write value file: " + e.getMessage(), e);
        }
    }

    private void deleteBlobQuietly(long blobId) {
        try {
            blobs.delete(blobId);
        } catch (IOException e) {
            // Only disk space: the next open deletes unreferenced blobs.
            LOG.warn("could not delete value file {}: {}", blobId, e.toString());
        }
    }

    /** The full record (reading its blob if it has one); the caller holds the key's stripe. */
    private Record materialize(RecordCodec.View view, RandomDataInput in) {
        byte[] meta = view.copyMeta(in);
        if (!view.isBlob()) {
            return new Record(view.copyInlineValue(in), view.expireAtMs, meta);
        }
        byte[] value = readBlob(view.blobId, view.valueLength);
        if (value == null) {
            throw new IllegalStateException("value file " + view.blobId + " is missing");
        }
        return new Record(value, view.expireAtMs, meta);
    }

    private static long footprint(int keyLength, RecordCodec.View v) {
        return keyLength + v.encodedLength + (v.isBlob() ? v.valueLength : 0) + ENTRY_OVERHEAD_BYTES;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    // ---------------------------------------------------------------- recovery, checkpoints, close

    /** Applies one replayed entry: the same path as a live write, without logging or limits. */
    private void applyReplayed(LogEntry entry) {
        Scratch s = scratch.get();
        if (entry instanceof LogEntry.Put p) {
            s.entry.reset();
            int recordOffset = LogEntryCodec.encodePut(p.key(), p.record(), s.entry);
            long blobId = needsBlob(p.record()) ? writeBlob(p.record().value()) : -1;
            long oldBlob;
            try (ExternalMapQueryContext<byte[], byte[], ?> c = queryContext(p.key(), s)) {
                c.updateLock().lock();
                oldBlob = putInContext(c, c.entry(), p.key(), p.record(), s, recordOffset, blobId, false);
            }
            if (oldBlob >= 0) {
                deleteBlobQuietly(oldBlob);
            }
        } else if (entry instanceof LogEntry.Remove r) {
            try (ExternalMapQueryContext<byte[], byte[], ?> c = queryContext(r.key(), s)) {
                c.updateLock().lock();
                MapEntry<byte[], byte[]> e = c.entry();
                if (e != null) {
                    Data<byte[]> v = e.value();
                    long oldBlob = removeInContext(c, e, r.key(), s.view.parse(v.bytes(), v.offset(), v.size()), s);
                    if (oldBlob >= 0) {
                        deleteBlobQuietly(oldBlob);
                    }
                }
            }
        } else if (entry instanceof LogEntry.Clear) {
            clearApplied();
        }
    }

    /**
     * Recomputes counters and the expiry index from the map and deletes blobs no record references.
     * One pass over the map; only keys with an expiry are copied to the heap.
     */
    private void rebuildFromMap() throws IOException {
        keyCount.set(0);
        usedBytes.reset();
        expiries.clear();
        Set<Long> referencedBlobs = new HashSet<>();
        RecordCodec.View view = new RecordCodec.View();
        map.forEachEntry(e -> {
            Data<byte[]> v = e.value();
            view.parse(v.bytes(), v.offset(), v.size());
            int keyLength = (int) e.key().size();
            keyCount.incrementAndGet();
            usedBytes.add(footprint(keyLength, view));
            if (view.expireAtMs != Record.NO_EXPIRY) {
                expiries.update(KeyIteration.copyOf(e.key()), Record.NO_EXPIRY, view.expireAtMs);
            }
            if (view.isBlob()) {
                referencedBlobs.add(view.blobId);
            }
        });
        int orphans = blobs.retainOnly(referencedBlobs);
        if (orphans > 0) {
            LOG.info("deleted {} unreferenced value files", orphans);
        }
    }

    /** Makes the log's older segments redundant and deletes them; see {@link Checkpointer}. */
    void checkpoint() throws IOException {
        checkpointer.checkpoint();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        checkpointer.stopPeriodic();
        locks.lockAll();
        try {
            closed = true;
            checkpointer.checkpoint();
            log.close();
            map.close();
            dataDir.writeCleanShutdownMarker();
            dataDir.close();
        } catch (IOException e) {
            throw new UncheckedIOException("store did not close cleanly; the next open recovers", e);
        } finally {
            locks.unlockAll();
        }
    }
}
