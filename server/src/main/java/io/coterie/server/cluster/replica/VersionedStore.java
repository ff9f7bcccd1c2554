package io.coterie.server.cluster.replica;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.ClientWrite;
import io.coterie.ring.quorum.Versions;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.HybridLogicalClock;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.storage.DurabilityMark;
import io.coterie.storage.ExpiryListener;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.ScanPage;
import io.coterie.storage.Store;
import io.coterie.storage.StoreFullException;
import io.coterie.storage.StoreStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store every command goes through on a cluster node: each key's record carries its versions
 * ({@link StoredVersions}), and every change a command makes becomes a new version minted by this
 * node (SPEC §2 Versions) — so all the Redis commands, written against plain records, keep working
 * unchanged while their effects become replicable, mergeable sibling sets.
 *
 * <ul>
 *   <li>Commands see only the visible value: the last-writer-wins sibling if it is a live value;
 *       tombstones and expired siblings read as absent.</li>
 *   <li>A command's put, remove or update becomes {@link Versions#coordinate} against the stored
 *       versions, under the key's lock, so the new version supersedes exactly what this node had.</li>
 *   <li>Other replicas' states arrive through {@link #merge}, which never overwrites anything newer.</li>
 *   <li>While a {@link WriteCapture} is open on a thread, the versions its commands produce are
 *       recorded there, for the coordinator to replicate.</li>
 *   <li>Until the node first meets a peer ({@link VersioningMode}), plain commands on keys without versions store
 *       bare records, as a lone Redis would; {@link #enterCluster} ends that for good before any record leaves.</li>
 * </ul>
 */
public final class VersionedStore implements Store {

    /** How far ahead the HLC lease runs: one durable write per half of it, at most. */
    static final long LEASE_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(VersionedStore.class);

    private final Store inner;
    private final Store rawView;
    private final NodeId self;
    private final Clock clock;
    private final HybridLogicalClock hlc;
    private final HlcLease lease;
    private long leasedUntilMs;
    private final LongSupplier tombstoneGraceMs;
    private final List<VersionChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final VersioningMode mode;
    /**
     * Read under each key's lock: a write that sees false stores a bare record (see {@link #enterCluster}). Not
     * {@code mode.isClustered()}, which turns true when the file is saved, before the hooks have run.
     */
    private volatile boolean clustered;
    private final List<Runnable> clusteredHooks = new ArrayList<>();
    private final ThreadLocal<WriteCapture> capture = new ThreadLocal<>();
    /** Records that are only tombstones: stored, but absent to DBSIZE. */
    private final AtomicLong tombstoneRecords = new AtomicLong();

    /**
     * @param self             the owner of every dot minted here: this node's id, or a newer actor id after an
     *                         unclean shutdown ({@link VersionActor})
     * @param tombstoneGraceMs {@code tombstone-grace-seconds} in ms, read at each delete (CONFIG SET applies live)
     */
    public VersionedStore(Store inner, NodeId self, Clock clock, LongSupplier tombstoneGraceMs) {
        this(inner, self, clock, tombstoneGraceMs, HlcLease.NONE);
    }

    /** @param lease keeps the HLC past every reading handed out before a restart (a node's own store) */
    public VersionedStore(Store inner, NodeId self, Clock clock, LongSupplier tombstoneGraceMs, HlcLease lease) {
        this(inner, self, clock, tombstoneGraceMs, lease, VersioningMode.clustered());
    }

    /** @param mode whether plain writes may still store bare records: a node's own store starts from its directory's */
    public VersionedStore(Store inner, NodeId self, Clock clock, LongSupplier tombstoneGraceMs, HlcLease lease,
                          VersioningMode mode) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.clustered = mode.isClustered();
        this.self = Objects.requireNonNull(self, "self");
        this.clock = clock;
        this.lease = Objects.requireNonNull(lease, "lease");
        this.hlc = new HybridLogicalClock(clock, HybridLogicalClock.MAX_DRIFT_MS_DEFAULT, new HlcTimestamp(lease.floorMs(), 0));
        this.tombstoneGraceMs = tombstoneGraceMs;
        this.rawView = new ExplicitVersionsView(inner, mode.legacyActor(), tombstoneGraceMs);
        inner.setExpiryListener(this::expired);
        countTombstoneRecords();
    }

    /**
     * The undecorated store: raw records with their encoded versions (streaming and scans of versions use it). A bare
     * record reads with its implicit version written out, so it travels and hashes like any other.
     */
    public Store raw() {
        return rawView;
    }

    /** Whether plain writes now always mint versions (the node has met a peer). */
    public boolean isClustered() {
        return clustered;
    }

    /**
     * Called before this node first exchanges anything with a peer: saves the directory as clustered, runs the
     * {@link #whenClustered} hooks (so listeners they attach see every versioned write), then makes every later write
     * mint versions. A write already under its key's lock when this runs may still store a bare record; a bare record
     * read for a peer afterwards is read again under that lock ({@link ExplicitVersionsView#settled}), so it is the
     * key's last bare value.
     */
    public void enterCluster() {
        if (clustered) {
            return;
        }
        synchronized (clusteredHooks) {
            if (clustered) {
                return;
            }
            mode.markClustered();
            clusteredHooks.forEach(Runnable::run);
            clusteredHooks.clear();
            clustered = true;
        }
        log.info("met a peer: every write now carries versions (records written while standalone read as actor {})",
                mode.legacyActor());
    }

    /** Runs {@code hook} now if this store is clustered, else inside {@link #enterCluster}, before writes mint versions. */
    public void whenClustered(Runnable hook) {
        synchronized (clusteredHooks) {
            if (clustered) {
                hook.run();
            } else {
                clusteredHooks.add(hook);
            }
        }
    }

    /** A stored record's versions; a bare record's is its one implicit version. */
    public SiblingSet decode(Record stored) {
        return StoredVersions.decode(stored, mode.legacyActor());
    }

    public NodeId self() {
        return self;
    }

    public void addChangeListener(VersionChangeListener listener) {
        listeners.add(listener);
    }

    /** Records the versions this thread's writes produce until the capture is closed. */
    public WriteCapture capture() {
        return new WriteCapture(capture);
    }

    /**
     * A key's stored versions, tombstones and expired siblings included; empty if none. On a standalone node a bare
     * record first gets a real version (same value): a context naming only its implicit version would also name every
     * later bare write, and a VSET with it would then silently replace values its client never saw.
     */
    public SiblingSet versions(byte[] key) {
        if (!clustered) {
            return versionedInPlace(key);
        }
        return decode(ExplicitVersionsView.settled(inner, key, clock.millis()));
    }

    /**
     * A replica's step for anything that arrives — a replicated write, a hint, read repair, a
     * stream, anti-entropy: merges {@code incoming} into what is stored (never overwriting newer
     * versions) and returns the merged state.
     */
    public SiblingSet merge(byte[] key, SiblingSet incoming) throws StoreFullException {
        incoming.siblings().forEach(s -> observe(s.hlc()));
        Change change = new Change();
        inner.update(key, clock.millis(), current -> {
            SiblingSet local = decode(current);
            SiblingSet merged = Versions.receive(local, incoming);
            change.set(local, merged);
            return merged.equals(local) ? Mutation.keep(null) : store(merged, null);
        });
        change.report(key, false);
        return change.after;
    }

    /** A client write with explicit versions (VSET, VDEL): a new version superseding what {@code write} names. */
    public SiblingSet write(byte[] key, ClientWrite write) throws StoreFullException {
        Change change = new Change();
        long nowMs = clock.millis();
        inner.update(key, nowMs, current -> {
            SiblingSet local = decode(current);
            SiblingSet next = Versions.coordinate(local, write, self, tick(), nowMs);
            change.set(local, next);
            return store(next, null);
        });
        change.report(key, true);
        return change.after;
    }

    @Override
    public Record get(byte[] key, long nowMs) {
        Record stored = inner.get(key, nowMs);
        return stored == null ? null : StoredVersions.visible(stored, nowMs);
    }

    @Override
    public void put(byte[] key, Record record) throws StoreFullException {
        Change change = new Change();
        long nowMs = clock.millis();
        inner.update(key, nowMs, current -> {
            if (storesBare(current)) {
                return Mutation.put(bare(record), null);
            }
            SiblingSet local = decode(current);
            SiblingSet next = Versions.coordinate(local, new ClientWrite.Set(record.value(), record.expireAtMs()),
                    self, tick(), nowMs);
            change.set(local, next);
            return store(next, null);
        });
        change.report(key, true);
    }

    /** DEL: a tombstone superseding what this node has, written only if the key was visible (DEL of nothing is 0). */
    @Override
    public boolean recoveredFromCrash() {
        return inner.recoveredFromCrash();
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        Change change = new Change();
        boolean removed = inner.update(key, nowMs, current -> {
            if (current == null || StoredVersions.visible(current, nowMs) == null) {
                return Mutation.keep(false);
            }
            if (storesBare(current)) {
                return Mutation.remove(true);
            }
            SiblingSet local = decode(current);
            SiblingSet next = Versions.coordinate(local, new ClientWrite.Del(), self, tick(), nowMs);
            change.set(local, next);
            return store(next, true);
        });
        change.report(key, true);
        return removed;
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) throws StoreFullException {
        Change change = new Change();
        T result = inner.update(key, nowMs, current -> {
            Record visible = current == null ? null : StoredVersions.visible(current, nowMs);
            Mutation<T> m = update.apply(visible);
            if (m instanceof Mutation.Keep<T> || (m instanceof Mutation.Remove<T> && visible == null)) {
                return Mutation.keep(m.result());
            }
            if (storesBare(current)) {
                return m instanceof Mutation.Put<T> p ? Mutation.put(bare(p.record()), m.result()) : Mutation.remove(m.result());
            }
            SiblingSet local = decode(current);
            ClientWrite write = m instanceof Mutation.Put<T> p
                    ? new ClientWrite.Set(p.record().value(), p.record().expireAtMs())
                    : new ClientWrite.Del();
            SiblingSet next = Versions.coordinate(local, write, self, tick(), nowMs);
            change.set(local, next);
            return store(next, m.result());
        });
        change.report(key, true);
        return result;
    }

    /** Keys that exist for clients (tombstones excluded); like Redis's DBSIZE, expired keys not yet collected count. */
    @Override
    public long size() {
        return Math.max(0, inner.size() - tombstoneRecords.get());
    }

    @Override
    public void clear() {
        inner.clear();
        tombstoneRecords.set(0);
        listeners.forEach(VersionChangeListener::cleared);
    }

    /** Pages may hold keys that read as absent (tombstones); SCAN looks each key up, as for expired keys. */
    @Override
    public ScanPage scan(long cursor, int count) {
        return inner.scan(cursor, count);
    }

    @Override
    public void forEachKey(long nowMs, Consumer<byte[]> action) {
        inner.forEachKey(nowMs, key -> {
            if (get(key, nowMs) != null) {
                action.accept(key);
            }
        });
    }

    @Override
    public byte[] randomKey(long nowMs) {
        for (int attempt = 0; attempt < 16; attempt++) {
            byte[] key = inner.randomKey(nowMs);
            if (key == null || get(key, nowMs) != null) {
                return key;
            }
        }
        return null;
    }

    @Override
    public int expireCycle(long nowMs, int maxKeysExamined) {
        return inner.expireCycle(nowMs, maxKeysExamined);
    }

    @Override
    public void awaitDurable() {
        inner.awaitDurable();
    }

    @Override
    public DurabilityMark durabilityMark() {
        return inner.durabilityMark();
    }

    @Override
    public StoreStats stats() {
        return inner.stats();
    }

    /** The versioned store listens to expiry itself and reports it as changes: see {@link #addChangeListener}. */
    @Override
    public void setExpiryListener(ExpiryListener listener) {
        throw new UnsupportedOperationException("a versioned store reports expiry through addChangeListener");
    }

    @Override
    public void close() {
        inner.close();
    }

    private <T> Mutation<T> store(SiblingSet next, T result) {
        Record record = StoredVersions.encode(next, tombstoneGraceMs.getAsLong());
        return record == null ? Mutation.remove(result) : Mutation.put(record, result);
    }

    private void expired(byte[] key, byte[] versionMeta, long expireAtMs) {
        if (StoredVersions.isTombstonesOnly(versionMeta)) {
            tombstoneRecords.decrementAndGet();
        }
        if (listeners.isEmpty() || (versionMeta.length == 0 && !clustered)) {
            return; // a standalone node's bare records were never reported, so neither is their expiry
        }
        SiblingSet before = versionMeta.length == 0
                ? StoredVersions.bare(mode.legacyActor(), Record.NO_META, expireAtMs)
                : StoredVersions.decodeMeta(versionMeta);
        listeners.forEach(l -> l.changed(key, before, SiblingSet.empty()));
    }

    /** Inside a key's lock: whether this write stores a bare record (standalone, and the key has no versions yet). */
    private boolean storesBare(Record current) {
        return !clustered && (current == null || StoredVersions.isBare(current));
    }

    private static Record bare(Record record) {
        return StoredVersions.isBare(record) ? record : new Record(record.value(), record.expireAtMs(), Record.NO_META);
    }

    /** Standalone: gives a bare record a real version superseding its implicit one, and returns the key's versions. */
    private SiblingSet versionedInPlace(byte[] key) {
        Change change = new Change();
        long nowMs = clock.millis();
        SiblingSet[] result = {SiblingSet.empty()};
        inner.update(key, nowMs, current -> {
            result[0] = decode(current);
            if (!StoredVersions.isBare(current) || clustered) {
                return Mutation.keep(null);
            }
            SiblingSet next = Versions.coordinate(result[0], new ClientWrite.Set(current.value(), current.expireAtMs()),
                    self, tick(), nowMs);
            change.set(result[0], next);
            result[0] = next;
            return store(next, null);
        });
        change.report(key, false);
        return result[0];
    }

    /** Once, at start: DBSIZE must not count tombstones a previous run left (each is one cheap flag test). */
    private void countTombstoneRecords() {
        long nowMs = clock.millis();
        inner.forEachKey(nowMs, key -> {
            Record r = inner.get(key, nowMs);
            if (r != null && StoredVersions.isTombstonesOnly(r.versionMeta())) {
                tombstoneRecords.incrementAndGet();
            }
        });
    }

    private static int tombstonesOnly(SiblingSet set) {
        return !set.isEmpty() && set.siblings().stream().allMatch(Sibling::tombstone) ? 1 : 0;
    }

    private synchronized HlcTimestamp tick() {
        HlcTimestamp now = hlc.now();
        if (now.physicalMs() >= leasedUntilMs - LEASE_MS / 2) {
            // Extended before this reading is handed out: a restart then starts past it, whatever the wall clock says.
            leasedUntilMs = now.physicalMs() + LEASE_MS;
            lease.extendTo(leasedUntilMs);
        }
        return now;
    }

    /** Keeps this node's clock past every version it stores, so its next write wins over them under LWW. */
    private synchronized void observe(HlcTimestamp remote) {
        hlc.update(remote);
    }

    /** One update's before/after, filled in under the key's lock and reported after it. */
    private final class Change {
        SiblingSet before;
        SiblingSet after;

        void set(SiblingSet before, SiblingSet after) {
            this.before = before;
            this.after = after;
        }

        void report(byte[] key, boolean coordinated) {
            if (after == null) {
                return;
            }
            if (coordinated) {
                WriteCapture open = capture.get();
                if (open != null) {
                    open.record(key, after);
                }
            }
            if (!after.equals(before)) {
                tombstoneRecords.addAndGet(tombstonesOnly(after) - tombstonesOnly(before));
                listeners.forEach(l -> l.changed(key, before, after));
            }
        }
    }
}
