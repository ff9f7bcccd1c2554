package io.coterie.storage;

import java.util.function.Consumer;

/** Passes every call to another store: a base for stores that change one or two calls of another. */
public class ForwardingStore implements Store {

    private final Store data;

    public ForwardingStore(Store data) {
        this.data = data;
    }

    /** The store every call goes to. */
    protected final Store delegate() {
        return data;
    }

    @Override
    public Record get(byte[] key, long nowMs) {
        return data.get(key, nowMs);
    }

    @Override
    public void put(byte[] key, Record record) throws StoreFullException {
        data.put(key, record);
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        return data.remove(key, nowMs);
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) throws StoreFullException {
        return data.update(key, nowMs, update);
    }

    @Override
    public boolean recoveredFromCrash() {
        return data.recoveredFromCrash();
    }

    @Override
    public long size() {
        return data.size();
    }

    @Override
    public void clear() {
        data.clear();
    }

    @Override
    public ScanPage scan(long cursor, int count) {
        return data.scan(cursor, count);
    }

    @Override
    public void forEachKey(long nowMs, Consumer<byte[]> action) {
        data.forEachKey(nowMs, action);
    }

    @Override
    public byte[] randomKey(long nowMs) {
        return data.randomKey(nowMs);
    }

    @Override
    public int expireCycle(long nowMs, int maxKeysExamined) {
        return data.expireCycle(nowMs, maxKeysExamined);
    }

    @Override
    public void awaitDurable() {
        data.awaitDurable();
    }

    @Override
    public DurabilityMark durabilityMark() {
        return data.durabilityMark();
    }

    @Override
    public StoreStats stats() {
        return data.stats();
    }

    @Override
    public void setExpiryListener(ExpiryListener listener) {
        data.setExpiryListener(listener);
    }

    @Override
    public void close() {
        data.close();
    }
}
