package io.coterie.server.cluster.stream;

import io.coterie.server.dispatch.DelegatingStore;
import io.coterie.storage.Record;
import io.coterie.storage.ScanPage;
import io.coterie.storage.Store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** A store that calls test hooks as a source reads it, to act "mid-stream" at an exact point. */
final class HookedStore extends DelegatingStore {

    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    volatile LongConsumer onGet = n -> { };
    volatile LongConsumer onScan = n -> { };

    HookedStore(Store delegate) {
        super(delegate);
    }

    /** Counts from here on (writing test data reads the store too). */
    void resetCounts() {
        gets.set(0);
        scans.set(0);
    }

    @Override
    public Record get(byte[] key, long nowMs) {
        onGet.accept(gets.incrementAndGet());
        return super.get(key, nowMs);
    }

    @Override
    public ScanPage scan(long cursor, int count) {
        onScan.accept(scans.incrementAndGet());
        return super.scan(cursor, count);
    }
}
