package io.coterie.sim;

import io.coterie.storage.AppendFsync;
import io.coterie.storage.DurabilityMark;
import io.coterie.storage.ExpiryListener;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.ScanPage;
import io.coterie.storage.Store;
import io.coterie.storage.StoreStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A node's disk: a {@link Store} with the commit log's crash semantics. Reads and writes go to an
 * {@link InMemoryStore} (the live map); every change is also appended to the log, in three stages: buffered in the
 * process, written to the operating system (its page cache), and fsynced. {@link #awaitDurable()} moves what is
 * buffered on to where {@link AppendFsync} promises: ALWAYS fsyncs; EVERYSEC and NO only write to the OS (EVERYSEC's
 * fsync is the host's once-a-second {@link #fsync()}; NO's is only a clean {@link #close()}).
 *
 * <p>Two crashes (see {@link Crash}): kill -9 loses what was still buffered in the process but keeps what the OS has;
 * power loss also loses what the OS had not fsynced. Either way a random prefix of what is lost may have reached the
 * next stage first (a torn log), and restart rebuilds the map from what survived, as commit-log replay would.
 */
public final class SimStore implements Store {

    private sealed interface LoggedChange permits Put, Remove, Clear {
    }

    private record Put(byte[] key, Record record) implements LoggedChange {
    }

    private record Remove(byte[] key) implements LoggedChange {
    }

    private record Clear() implements LoggedChange {
    }

    private final AppendFsync appendFsync;
    private final RandomGenerator random;
    /** Which machine failure a crash is. */
    public enum Crash {
        /** kill -9: the process dies, the OS keeps what was written to it. */
        PROCESS,
        /** The machine loses power: only fsynced data survives. */
        POWER
    }

    private final TreeMap<byte[], Record> durable = new TreeMap<>(Arrays::compare);
    /** Written to the OS, not fsynced: survives kill -9, not power loss. */
    private final List<LoggedChange> written = new ArrayList<>();
    /** Still in the process's buffers: lost by any crash. */
    private final List<LoggedChange> buffered = new ArrayList<>();
    private InMemoryStore live = new InMemoryStore();
    private ExpiryListener expiryListener = ExpiryListener.NONE;
    private long fsyncs;
    private long changesLost;

    public SimStore(AppendFsync appendFsync, RandomGenerator random) {
        this.appendFsync = appendFsync;
        this.random = random;
    }

    public AppendFsync appendFsync() {
        return appendFsync;
    }

    /** Changes not yet fsynced (buffered or only written to the OS). */
    public int volatileChanges() {
        return written.size() + buffered.size();
    }

    public long fsyncs() {
        return fsyncs;
    }

    /** Changes lost to crashes over the whole run. */
    public long changesLost() {
        return changesLost;
    }

    /** Writes and fsyncs everything: the whole log is durable. */
    public void fsync() {
        writeToOs();
        for (LoggedChange change : written) {
            apply(change);
        }
        written.clear();
        fsyncs++;
    }

    /**
     * The machine fails: what the crash loses is lost except a random prefix of it (a torn log), and the live map is
     * rebuilt from what survived, as the commit-log replay at restart would.
     *
     * @return changes lost
     */
    int crash(Crash crash) {
        List<LoggedChange> atRisk = new ArrayList<>();
        if (crash == Crash.POWER) {
            atRisk.addAll(written);
        } else {
            for (LoggedChange change : written) {
                apply(change);
            }
        }
        atRisk.addAll(buffered);
        int kept = atRisk.isEmpty() ? 0 : random.nextInt(atRisk.size() + 1);
        for (LoggedChange change : atRisk.subList(0, kept)) {
            apply(change);
        }
        int lost = atRisk.size() - kept;
        changesLost += lost;
        written.clear();
        buffered.clear();
        live = new InMemoryStore();
        live.setExpiryListener(expiryListener);
        for (Map.Entry<byte[], Record> e : durable.entrySet()) {
            live.put(e.getKey(), e.getValue());
        }
        return lost;
    }

    @Override
    public Record get(byte[] key, long nowMs) {
        return live.get(key, nowMs);
    }

    @Override
    public void put(byte[] key, Record record) {
        live.put(key, record);
        buffered.add(new Put(key.clone(), record));
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        buffered.add(new Remove(key.clone()));
        return live.remove(key, nowMs);
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
        List<Mutation<T>> decided = new ArrayList<>(1);
        T result = live.update(key, nowMs, current -> {
            Mutation<T> m = update.apply(current);
            decided.add(m);
            return m;
        });
        Mutation<T> m = decided.get(0);
        if (m instanceof Mutation.Put<T> put) {
            buffered.add(new Put(key.clone(), put.record()));
        } else if (m instanceof Mutation.Remove<T>) {
            buffered.add(new Remove(key.clone()));
        } else if (!(m instanceof Mutation.Keep<T>)) {
            throw new AssertionError("Mutation is sealed");
        }
        return result;
    }

    @Override
    public long size() {
        return live.size();
    }

    @Override
    public void clear() {
        live.clear();
        buffered.add(new Clear());
    }

    @Override
    public ScanPage scan(long cursor, int count) {
        return live.scan(cursor, count);
    }

    @Override
    public void forEachKey(long nowMs, Consumer<byte[]> action) {
        live.forEachKey(nowMs, action);
    }

    /** Chosen with the run's randomness, not InMemoryStore's thread-local one, so runs stay reproducible. */
    @Override
    public byte[] randomKey(long nowMs) {
        List<byte[]> keys = new ArrayList<>();
        live.forEachKey(nowMs, keys::add);
        return keys.isEmpty() ? null : keys.get(random.nextInt(keys.size()));
    }

    @Override
    public int expireCycle(long nowMs, int maxKeysExamined) {
        // Expired records are dropped from the live map only; the durable copy expires again on read after a restart.
        return live.expireCycle(nowMs, maxKeysExamined);
    }

    @Override
    public void awaitDurable() {
        if (appendFsync == AppendFsync.ALWAYS) {
            fsync();
        } else {
            writeToOs();
        }
    }

    /** The simulation is single-threaded: making everything durable later covers this mark too. */
    @Override
    public DurabilityMark durabilityMark() {
        return this::awaitDurable;
    }

    @Override
    public StoreStats stats() {
        return live.stats();
    }

    @Override
    public void setExpiryListener(ExpiryListener listener) {
        expiryListener = listener;
        live.setExpiryListener(listener);
    }

    @Override
    public void close() {
        fsync();
    }

    private void writeToOs() {
        written.addAll(buffered);
        buffered.clear();
    }

    private void apply(LoggedChange change) {
        if (change instanceof Put put) {
            durable.put(put.key(), put.record());
        } else if (change instanceof Remove remove) {
            durable.remove(remove.key());
        } else if (change instanceof Clear) {
            durable.clear();
        } else {
            throw new AssertionError("LoggedChange is sealed");
        }
    }
}
