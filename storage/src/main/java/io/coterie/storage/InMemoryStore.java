package io.coterie.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link Store} kept entirely on the heap, with no durability. Used by unit tests of the command
 * layer and by the simulated cluster (which layers its own crash semantics on top).
 *
 * <p>Keys are ordered by a 63-bit hash so that a SCAN cursor is simply the next hash to visit: a
 * key present for the whole scan is returned exactly once, whatever is added or removed meanwhile.
 */
public final class InMemoryStore implements Store {

    private final ConcurrentSkipListMap<HashedKey, Record> map = new ConcurrentSkipListMap<>();
    private final Object[] stripes = newStripes(64);
    private final AtomicLong expiredKeys = new AtomicLong();
    private volatile ExpiryListener expiryListener = ExpiryListener.NONE;

    @Override
    public Record get(byte[] key, long nowMs) {
        HashedKey k = HashedKey.of(key);
        Record r = map.get(k);
        if (r != null && r.isExpiredAt(nowMs)) {
            expireIfStillExpired(k, nowMs);
            return null;
        }
        return r;
    }

    @Override
    public void put(byte[] key, Record record) {
        HashedKey k = HashedKey.of(key);
        synchronized (stripe(k)) {
            map.put(k, record);
        }
    }

    @Override
    public boolean remove(byte[] key, long nowMs) {
        HashedKey k = HashedKey.of(key);
        synchronized (stripe(k)) {
            Record old = map.remove(k);
            if (old != null && old.isExpiredAt(nowMs)) {
                expired(k, old);
                return false;
            }
            return old != null;
        }
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
        HashedKey k = HashedKey.of(key);
        synchronized (stripe(k)) {
            Record current = map.get(k);
            if (current != null && current.isExpiredAt(nowMs)) {
                map.remove(k);
                expired(k, current);
                current = null;
            }
            Mutation<T> m = update.apply(current);
            if (m instanceof Mutation.Put<T> p) {
                map.put(k, p.record());
            } else if (m instanceof Mutation.Remove<T>) {
                map.remove(k);
            }
            return m.result();
        }
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public ScanPage scan(long cursor, int count) {
        List<byte[]> keys = new ArrayList<>();
        HashedKey from = new HashedKey(cursor, new byte[0]);
        long lastHash = -1;
        for (HashedKey k : map.tailMap(from, true).keySet()) {
            // Finish the current hash group so the cursor (a hash) never splits one.
            if (keys.size() >= Math.max(1, count) && k.hash != lastHash) {
                return new ScanPage(keys, k.hash == 0 ? 0 : k.hash);
            }
            keys.add(k.bytes);
            lastHash = k.hash;
        }
        return new ScanPage(keys, 0);
    }

    @Override
    public void forEachKey(long nowMs, Consumer<byte[]> action) {
        for (Map.Entry<HashedKey, Record> e : map.entrySet()) {
            if (!e.getValue().isExpiredAt(nowMs)) {
                action.accept(e.getKey().bytes);
            }
        }
    }

    @Override
    public byte[] randomKey(long nowMs) {
        for (int attempt = 0; attempt < 16 && !map.isEmpty(); attempt++) {
            long probe = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
            Map.Entry<HashedKey, Record> e = map.ceilingEntry(new HashedKey(probe, new byte[0]));
            if (e == null) {
                e = map.firstEntry();
            }
            if (e != null && !e.getValue().isExpiredAt(nowMs)) {
                return e.getKey().bytes;
            }
        }
        return null;
    }

    @Override
    public int expireCycle(long nowMs, int maxKeysExamined) {
        int removed = 0;
        int examined = 0;
        for (Map.Entry<HashedKey, Record> e : map.entrySet()) {
            if (examined++ >= maxKeysExamined) {
                break;
            }
            if (e.getValue().isExpiredAt(nowMs) && expireIfStillExpired(e.getKey(), nowMs)) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void awaitDurable() {
        // Nothing is durable here by design.
    }

    @Override
    public DurabilityMark durabilityMark() {
        return DurabilityMark.NONE;
    }

    @Override
    public StoreStats stats() {
        long withExpiry = 0;
        long bytes = 0;
        for (Map.Entry<HashedKey, Record> e : map.entrySet()) {
            Record r = e.getValue();
            if (r.hasExpiry()) {
                withExpiry++;
            }
            bytes += e.getKey().bytes.length + r.value().length + r.versionMeta().length + 16;
        }
        return new StoreStats(map.size(), withExpiry, expiredKeys.get(), bytes, Long.MAX_VALUE, 0, 0, 0);
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public void setExpiryListener(ExpiryListener listener) {
        this.expiryListener = listener;
    }

    private void expired(HashedKey k, Record removed) {
        expiredKeys.incrementAndGet();
        expiryListener.expired(k.bytes(), removed.versionMeta(), removed.expireAtMs());
    }

    private boolean expireIfStillExpired(HashedKey k, long nowMs) {
        synchronized (stripe(k)) {
            Record r = map.get(k);
            if (r != null && r.isExpiredAt(nowMs)) {
                map.remove(k);
                expired(k, r);
                return true;
            }
            return false;
        }
    }

    private Object stripe(HashedKey k) {
        return stripes[(int) (k.hash & (stripes.length - 1))];
    }

    private static Object[] newStripes(int n) {
        Object[] s = new Object[n];
        for (int i = 0; i < n; i++) {
            s[i] = new Object();
        }
        return s;
    }

    /** A key with its 63-bit hash, ordered by hash then bytes. Hash 0 is never used: 0 is the "done" cursor. */
    private record HashedKey(long hash, byte[] bytes) implements Comparable<HashedKey> {

        static HashedKey of(byte[] key) {
            long h = 1125899906842597L;
            for (byte b : key) {
                h = 31 * h + b;
            }
            h ^= (h >>> 33);
            h *= 0xff51afd7ed558ccdL;
            h ^= (h >>> 33);
            h &= Long.MAX_VALUE;
            return new HashedKey(h == 0 ? 1 : h, key);
        }

        @Override
        public int compareTo(HashedKey o) {
            int c = Long.compare(hash, o.hash);
            return c != 0 ? c : Arrays.compare(bytes, o.bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HashedKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(hash);
        }
    }
}
