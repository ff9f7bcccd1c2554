package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.HashSlots;
import io.coterie.storage.Record;
import io.coterie.storage.ScanPage;
import io.coterie.storage.Store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One pass over a store's keys that yields the records of a set of slots in bounded batches: the source half of a
 * session. The store has no per-slot index, so the pass walks every key once ({@link Store#scan}) and keeps those
 * whose slot is wanted (a CRC16 each); values are read one batch at a time. Memory: the wanted keys of one scan page
 * plus one batch of records — never the whole slot set.
 *
 * <p>Resumable: {@link Store#scan}'s cursor is stable (a hash for the in-memory store, a segment for Chronicle) and
 * returns every key present for the whole scan exactly once, so a new pass started at {@link #resumeCursor()} misses
 * nothing the lost one had not delivered yet.
 *
 * <p>Not thread-safe: one caller at a time (the session that owns it serialises its calls).
 */
final class SlotScan {

    /** Keys asked of the store per scan page; Chronicle rounds up to whole segments. */
    static final int SCAN_PAGE_KEYS = 256;

    private final Store store;
    private final BitSet slots;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long pageCursor;
    private long nextCursor;
    private boolean scanned;
    private long seq;

    SlotScan(Store store, int[] slots, long resumeCursor) {
        this.store = store;
        this.slots = new BitSet(HashSlots.SLOT_COUNT);
        for (int slot : slots) {
            this.slots.set(slot);
        }
        this.pageCursor = resumeCursor;
        this.nextCursor = resumeCursor;
    }

    /**
     * The next batch: records of the wanted slots, live at {@code nowMs}, until {@code batchBytesMax} record bytes
     * (at least one record, however large) or {@code scanKeysMax} keys examined, whichever comes first.
     */
    StreamMessage.Batch nextBatch(int batchBytesMax, int scanKeysMax, long nowMs) {
        List<StreamedRecord> out = new ArrayList<>();
        long bytes = 0;
        int examined = 0;
        while (true) {
            if (pending.isEmpty()) {
                if (scanned || examined >= scanKeysMax) {
                    break;
                }
                examined += readPage();
                continue;
            }
            byte[] key = pending.peek();
            Record record = store.get(key, nowMs);
            if (record == null) {
                pending.poll(); // deleted or expired since the page was read: nothing to move
                continue;
            }
            StreamedRecord next = new StreamedRecord(key, record);
            if (!out.isEmpty() && bytes + next.recordBytes() > batchBytesMax) {
                break; // stays pending: read again for the next batch
            }
            pending.poll();
            out.add(next);
            bytes += next.recordBytes();
            if (bytes >= batchBytesMax) {
                break;
            }
        }
        boolean done = scanned && pending.isEmpty();
        return new StreamMessage.Batch(seq++, out, pending.isEmpty() ? nextCursor : pageCursor, done);
    }

    /** Reads one scan page and queues its wanted keys; returns the keys examined. */
    private int readPage() {
        pageCursor = nextCursor;
        ScanPage page = store.scan(nextCursor, SCAN_PAGE_KEYS);
        for (byte[] key : page.keys()) {
            if (slots.get(HashSlots.slotOf(key))) {
                pending.add(key);
            }
        }
        nextCursor = page.nextCursor();
        scanned = nextCursor == 0;
        return Math.max(1, page.keys().size());
    }

    long nextSeq() {
        return seq;
    }
}
