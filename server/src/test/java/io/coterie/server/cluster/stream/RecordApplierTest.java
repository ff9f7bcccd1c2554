package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.HashSlots;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordApplierTest {

    private static final long NOW_MS = 1_700_000_000_000L;
    private final InMemoryStore store = new InMemoryStore();
    private final RecordApplier applier = new RecordApplier(store);
    private final byte[] key = StreamData.bytes("{t}k");
    private final int[] slots = {HashSlots.slotOf(key)};

    @Test
    void storesAnAbsentKeyByteForByte() {
        Record r = new Record(new byte[]{0, 1}, NOW_MS + 5_000, new byte[]{4, 2});
        assertEquals(1, applier.apply(slots, List.of(new StreamedRecord(key, r)), NOW_MS));
        assertEquals(r, store.get(key, NOW_MS));
    }

    @Test
    void neverReplacesWhatTheReceiverAlreadyHolds() {
        Record direct = Record.of(StreamData.bytes("written directly, newer"));
        store.put(key, direct);
        assertEquals(0, applier.apply(slots, List.of(new StreamedRecord(key, Record.of(StreamData.bytes("old")))), NOW_MS));
        assertEquals(direct, store.get(key, NOW_MS));
    }

    @Test
    void replacesALocalRecordThatHasExpired() {
        store.put(key, Record.of(StreamData.bytes("expired"), NOW_MS - 1));
        Record streamed = Record.of(StreamData.bytes("streamed"));
        assertEquals(1, applier.apply(slots, List.of(new StreamedRecord(key, streamed)), NOW_MS));
        assertEquals(streamed, store.get(key, NOW_MS));
    }

    @Test
    void skipsARecordThatExpiredInFlight() {
        assertEquals(0, applier.apply(slots, List.of(new StreamedRecord(key, Record.of(new byte[]{1}, NOW_MS))), NOW_MS));
        assertNull(store.get(key, NOW_MS));
    }

    @Test
    void refusesAKeyOfASlotNotAskedFor() {
        byte[] other = StreamData.bytes("{other}k");
        StreamException e = assertThrows(StreamException.class,
                () -> applier.apply(slots, List.of(new StreamedRecord(other, Record.of(new byte[]{1}))), NOW_MS));
        assertEquals("streamed key of slot " + HashSlots.slotOf(other) + " was not asked for", e.getMessage());
    }
}
