package io.coterie.server.cluster.stream;

import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotScanTest {

    private static final long NOW_MS = System.currentTimeMillis();

    @Test
    void yieldsExactlyTheWantedSlotsInBatchesUnderTheByteLimit() {
        InMemoryStore store = new InMemoryStore();
        Map<String, StreamedRecord> all = StreamData.fill(StreamData.versioned(store), 3_000, 300, 1);
        int[] every = StreamData.slotsOf(all.values());
        int[] wanted = new int[every.length / 3];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = every[i * 3];
        }
        List<StreamedRecord> expected = StreamData.inSlots(all.values(), wanted);

        SlotScan scan = new SlotScan(store, wanted, 0);
        List<StreamedRecord> got = new ArrayList<>();
        int batches = 0;
        StreamMessage.Batch batch;
        do {
            batch = scan.nextBatch(4_096, 1_000_000, NOW_MS);
            assertEquals(batches++, batch.seq());
            assertTrue(batch.recordBytes() <= 4_096, "batch of " + batch.recordBytes() + " bytes");
            got.addAll(batch.records());
        } while (!batch.done());

        assertEquals(new HashSet<>(expected), new HashSet<>(got));
        assertEquals(expected.size(), got.size(), "no record twice");
        assertTrue(batches > 10, "several batches: " + batches);
    }

    @Test
    void aRecordLargerThanTheLimitTravelsAlone() {
        InMemoryStore store = new InMemoryStore();
        byte[] key = StreamData.bytes("big");
        store.put(key, Record.of(new byte[10_000]));
        store.put(StreamData.bytes("{big}small"), Record.of(new byte[10]));
        SlotScan scan = new SlotScan(store, new int[]{io.coterie.ring.placement.HashSlots.slotOf(key)}, 0);
        StreamMessage.Batch first = scan.nextBatch(1_000, 1_000, NOW_MS);
        StreamMessage.Batch second = scan.nextBatch(1_000, 1_000, NOW_MS);
        assertEquals(1, first.records().size());
        assertEquals(1, second.records().size());
        assertTrue(second.done());
    }

    @Test
    void theScanBudgetEndsABatchEvenWithNothingFound() {
        InMemoryStore store = new InMemoryStore();
        StreamData.fill(StreamData.versioned(store), 2_000, 10, 2);
        // A slot none of the keys is in: each batch examines at most ~budget keys and returns empty, not done.
        SlotScan scan = new SlotScan(store, new int[]{emptySlot(store)}, 0);
        StreamMessage.Batch batch = scan.nextBatch(1 << 20, 300, NOW_MS);
        assertTrue(batch.records().isEmpty());
        assertFalse(batch.done());
        int batches = 1;
        while (!batch.done()) {
            batch = scan.nextBatch(1 << 20, 300, NOW_MS);
            batches++;
        }
        assertTrue(batches >= 2_000 / (300 + SlotScan.SCAN_PAGE_KEYS), "batches: " + batches);
    }

    @Test
    void aPassResumedAtTheResumeCursorMissesNothing() {
        InMemoryStore store = new InMemoryStore();
        Map<String, StreamedRecord> all = StreamData.fill(StreamData.versioned(store), 2_000, 200, 3);
        int[] slots = StreamData.slotsOf(all.values());
        for (int stopAfter = 1; stopAfter < 40; stopAfter += 7) {
            SlotScan first = new SlotScan(store, slots, 0);
            Set<StreamedRecord> got = new HashSet<>();
            StreamMessage.Batch batch = null;
            for (int i = 0; i < stopAfter; i++) {
                batch = first.nextBatch(2_048, 1_000_000, NOW_MS);
                got.addAll(batch.records());
            }
            // The first pass is lost here; a new one starts where the last batch said it may.
            SlotScan second = new SlotScan(store, slots, batch.resumeCursor());
            do {
                batch = second.nextBatch(2_048, 1_000_000, NOW_MS);
                got.addAll(batch.records());
            } while (!batch.done());
            assertEquals(new HashSet<>(all.values()), got, "stopped after " + stopAfter);
        }
    }

    @Test
    void deletedAndExpiredKeysAreSkipped() {
        InMemoryStore store = new InMemoryStore();
        byte[] live = StreamData.bytes("{s}live");
        byte[] gone = StreamData.bytes("{s}gone");
        byte[] expired = StreamData.bytes("{s}expired");
        store.put(live, Record.of(new byte[]{1}));
        store.put(gone, Record.of(new byte[]{2}));
        store.put(expired, Record.of(new byte[]{3}, NOW_MS - 1));
        SlotScan scan = new SlotScan(store, new int[]{io.coterie.ring.placement.HashSlots.slotOf(live)}, 0);
        store.remove(gone, NOW_MS);
        StreamMessage.Batch batch = scan.nextBatch(1 << 20, 1_000, NOW_MS);
        assertEquals(List.of(new StreamedRecord(live, Record.of(new byte[]{1}))), batch.records());
        assertTrue(batch.done());
    }

    private static int emptySlot(InMemoryStore store) {
        Set<Integer> used = new HashSet<>();
        store.forEachKey(NOW_MS, k -> used.add(io.coterie.ring.placement.HashSlots.slotOf(k)));
        int slot = 0;
        while (used.contains(slot)) {
            slot++;
        }
        return slot;
    }
}
