package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.InMemoryStore;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordApplierTest {

    private static final long GRACE_MS = 60_000;
    private final VersionedStore source = store(1);
    private final VersionedStore receiver = store(2);
    private final RecordApplier applier = new RecordApplier(receiver);
    private final byte[] key = StreamData.bytes("{t}k");
    private final int[] slots = {HashSlots.slotOf(key)};

    private static VersionedStore store(int n) {
        return new VersionedStore(new InMemoryStore(), new NodeId(String.format("%040x", n)), Clock.system(), () -> GRACE_MS);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** What the source's pass sends for {@code key}: its raw record. */
    private StreamedRecord streamed() {
        return new StreamedRecord(key, source.raw().get(key, now()));
    }

    private byte[] visible() {
        Record r = receiver.get(key, now());
        return r == null ? null : r.value();
    }

    @Test
    void storesAnAbsentKeyByteForByte() {
        source.put(key, new Record(new byte[]{0, 1}, now() + 50_000, Record.NO_META));
        StreamedRecord r = streamed();
        assertEquals(1, applier.apply(slots, List.of(r), now()));
        assertEquals(r.record(), receiver.raw().get(key, now()), "value, expiry and versions as the source had them");
    }

    @Test
    void neverReplacesANewerVersionTheReceiverAlreadyHolds() {
        source.put(key, Record.of(StreamData.bytes("old")));
        StreamedRecord old = streamed();
        receiver.merge(key, source.versions(key));
        receiver.put(key, Record.of(StreamData.bytes("newer, written after the copy was read")));
        applier.apply(slots, List.of(old), now());
        assertArrayEquals(StreamData.bytes("newer, written after the copy was read"), visible());
    }

    @Test
    void aStreamedNewerVersionReplacesAnOlderOne() {
        source.put(key, Record.of(StreamData.bytes("old")));
        receiver.merge(key, source.versions(key));
        source.put(key, Record.of(StreamData.bytes("new")));
        applier.apply(slots, List.of(streamed()), now());
        assertArrayEquals(StreamData.bytes("new"), visible());
        assertEquals(1, receiver.versions(key).siblings().size());
    }

    @Test
    void aStreamedTombstoneDeletesTheValueItSupersedes() {
        source.put(key, Record.of(StreamData.bytes("doomed")));
        receiver.merge(key, source.versions(key));
        source.remove(key, now());
        applier.apply(slots, List.of(streamed()), now());
        assertNull(visible(), "the delete travelled as a tombstone");
        assertTrue(receiver.versions(key).siblings().get(0).tombstone());
    }

    @Test
    void concurrentWritesAreBothKeptAsSiblings() {
        source.put(key, Record.of(StreamData.bytes("from the source")));
        receiver.put(key, Record.of(StreamData.bytes("from the receiver")));
        applier.apply(slots, List.of(streamed()), now());
        SiblingSet merged = receiver.versions(key);
        assertEquals(2, merged.siblings().size(), merged.toString());
    }

    @Test
    void skipsARecordThatExpiredInFlight() {
        StreamedRecord expired = new StreamedRecord(key, Record.of(new byte[]{1}, now() - 1));
        assertEquals(0, applier.apply(slots, List.of(expired), now()));
        assertNull(receiver.raw().get(key, now()));
    }

    @Test
    void refusesAKeyOfASlotNotAskedFor() {
        byte[] other = StreamData.bytes("{other}k");
        StreamException e = assertThrows(StreamException.class,
                () -> applier.apply(slots, List.of(new StreamedRecord(other, Record.of(new byte[]{1}))), now()));
        assertEquals("streamed key of slot " + HashSlots.slotOf(other) + " was not asked for", e.getMessage());
    }

    @Test
    void refusesARecordWhoseVersionsCannotBeDecoded() {
        StreamedRecord corrupt = new StreamedRecord(key, new Record(new byte[]{1}, Record.NO_EXPIRY, new byte[]{7, 9, 9}));
        StreamException e = assertThrows(StreamException.class, () -> applier.apply(slots, List.of(corrupt), now()));
        assertTrue(e.getMessage().startsWith("streamed key of slot " + slots[0] + " has undecodable versions"), e.getMessage());
    }
}
