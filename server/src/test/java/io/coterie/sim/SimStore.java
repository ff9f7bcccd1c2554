package io.coterie.sim;

import io.coterie.storage.AppendFsync;
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
 * {@link InMemoryStore} (the live map); every change is also appended to a volatile log tail, which becomes durable
 * when fsynced. A crash keeps the durable state plus a random prefix of the tail (the part the OS happened to write
 * back: a torn log) and loses the rest, as power loss does; restart recovers from that.
 *
 * <p>{@link AppendFsync} picks when the tail is fsynced: ALWAYS at {@link #awaitDurable()}; EVERYSEC by the host's
 * once-a-second timer only ({@link #fsync()}); NO never while running (a clean {@link #close()} still flushes).
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
    private final TreeMap<byte[], Record> durable = new TreeMap<>(Arrays::compare);
    private final List<LoggedChange> tail = new ArrayList<>();
    private InMemoryStore live = new InMemoryStore();
    private long fsyncs;
    private long changesLost;

    public SimStore(AppendFsync appendFsync, RandomGenerator random) {
        this.appendFsync = appendFsync;
        this.random = random;
    }

    public AppendFsync appendFsync() {
        return appendFsync;
    }

    /** Changes not yet durable. */
    public int volatileChanges() {
        return tail.size();
    }

    public long fsyncs() {
        return fsyncs;
    }

    /** Changes lost to crashes over the whole run. */
    public long changesLost() {
        return changesLost;
    }

    /** Makes the whole tail durable. */
    public void fsync() {
        for (LoggedChange change : tail) {
            apply(change);
        }
        tail.clear();
        fsyncs++;
    }

    /**
     * Power loss: a random prefix of the tail reaches the disk, the rest is lost, and the live map is rebuilt from
     * what is durable, as the commit-log replay at restart would.
     *
     * @return changes lost
     */
    int crash() {
        int kept = tail.isEmpty() ? 0 : random.nextInt(tail.size() + 1);
        for (LoggedChange change : tail.subList(0, kept)) {
            apply(change);
        }
        int lost = tail.size() - kept;
        changesLost += lost;
        tail.clear();
        live = new InMemoryStore();
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
        tail.add(new Put(key.clone(), record));
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        tail.add(new Remove(key.clone()));
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
            tail.add(new Put(key.clone(), put.record()));
        } else if (m instanceof Mutation.Remove<T>) {
            tail.add(new Remove(key.clone()));
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
        tail.add(new Clear());
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
        }
    }

    @Override
    public StoreStats stats() {
        return live.stats();
    }

    @Override
    public void close() {
        fsync();
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
