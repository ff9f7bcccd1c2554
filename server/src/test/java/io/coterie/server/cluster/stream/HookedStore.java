package io.coterie.server.cluster.stream;

import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Record;
import io.coterie.storage.ScanPage;
import io.coterie.storage.Store;
import io.coterie.storage.StoreStats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A store that calls test hooks as a source reads it, to act "mid-stream" at an exact point. */
final class HookedStore implements Store {

    private final Store delegate;
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    volatile LongConsumer onGet = n -> { };
    volatile LongConsumer onScan = n -> { };

    HookedStore(Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public Record get(byte[] key, long nowMs) {
        onGet.accept(gets.incrementAndGet());
        return delegate.get(key, nowMs);
    }

    @Override
    public ScanPage scan(long cursor, int count) {
        onScan.accept(scans.incrementAndGet());
        return delegate.scan(cursor, count);
    }

    @Override
    public void put(byte[] key, Record record) {
        delegate.put(key, record);
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        return delegate.remove(key, nowMs);
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
        return delegate.update(key, nowMs, update);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public void forEachKey(long nowMs, Consumer<byte[]> action) {
        delegate.forEachKey(nowMs, action);
    }

    @Override
    public byte[] randomKey(long nowMs) {
        return delegate.randomKey(nowMs);
    }

    @Override
    public int expireCycle(long nowMs, int maxKeysExamined) {
        return delegate.expireCycle(nowMs, maxKeysExamined);
    }

    @Override
    public void awaitDurable() {
        delegate.awaitDurable();
    }

    @Override
    public StoreStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
