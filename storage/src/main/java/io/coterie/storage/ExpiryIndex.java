package io.coterie.storage;

import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;

/**
 * The keys that carry an expiry, ordered by expiry time, so active expiry visits only keys that are
 * due instead of sampling the whole map (most keys usually have no TTL). On-heap, but only for keys
 * with a TTL; rebuilt from the map on open, so it needs no persistence of its own.
 *
 * <p>Writers update it under the key's stripe lock together with the map; an entry may briefly be
 * stale (the record changed since), which {@link #expireDue}'s callback re-checks against the map.
 */
final class ExpiryIndex {

    private record Due(long expireAtMs, byte[] key) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(expireAtMs, o.expireAtMs);
            return c != 0 ? c : Arrays.compare(key, o.key);
        }
    }

    private final ConcurrentSkipListSet<Due> byTime = new ConcurrentSkipListSet<>();
    private final LongAdder size = new LongAdder();

    /** Records that {@code key}'s expiry changed from {@code oldExpireAtMs} to {@code newExpireAtMs} (0 = none). */
    void update(byte[] key, long oldExpireAtMs, long newExpireAtMs) {
        if (oldExpireAtMs == newExpireAtMs) {
            return;
        }
        if (oldExpireAtMs != Record.NO_EXPIRY && byTime.remove(new Due(oldExpireAtMs, key))) {
            size.decrement();
        }
        // A copy: the caller's array may be reused once the write returns.
        if (newExpireAtMs != Record.NO_EXPIRY && byTime.add(new Due(newExpireAtMs, key.clone()))) {
            size.increment();
        }
    }

    long size() {
        return size.sum();
    }

    void clear() {
        byTime.clear();
        size.reset();
    }

    /**
     * Offers the keys due at {@code nowMs}, earliest first, at most {@code maxKeys} of them, to
     * {@code expire(key, expireAtMs)}, which removes the key if it is still due, and either way
     * updates this index through {@link #update} under the key's lock (dropping a stale entry).
     *
     * @return the number of keys {@code expire} removed
     */
    int expireDue(long nowMs, int maxKeys, BiPredicate<byte[], Long> expire) {
        int removed = 0;
        int examined = 0;
        Iterator<Due> it = byTime.iterator();
        while (examined < maxKeys && it.hasNext()) {
            Due d = it.next();
            if (d.expireAtMs > nowMs) {
                break;
            }
            examined++;
            if (expire.test(d.key, d.expireAtMs)) {
                removed++;
            }
        }
        return removed;
    }
}
