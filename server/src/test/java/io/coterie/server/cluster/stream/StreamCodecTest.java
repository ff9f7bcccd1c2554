package io.coterie.server.cluster.stream;

import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamCodecTest {

    private static final List<StreamedRecord> RECORDS = List.of(
            new StreamedRecord(new byte[]{0, (byte) 0xFF, '\r', '\n'}, new Record(new byte[]{1, 2, 3}, 1_700_000_000_123L,
                    new byte[]{9, 8})),
            new StreamedRecord(new byte[0], new Record(new byte[0], Record.NO_EXPIRY, Record.NO_META)));

    private static final List<StreamMessage> ALL = List.of(
            new StreamMessage.Open(new int[]{0, 1, 7, 16383}, 0),
            new StreamMessage.Open(new int[0], Long.MIN_VALUE),
            new StreamMessage.Opened(42),
            new StreamMessage.Next(42, 3),
            new StreamMessage.Batch(3, RECORDS, 0xFEEDL, false),
            new StreamMessage.Batch(4, List.of(), 0, true),
            new StreamMessage.Close(42),
            new StreamMessage.Apply(new int[]{5, 9}, RECORDS),
            new StreamMessage.Applied(2));

    @Test
    void everyMessageRoundTrips() {
        for (StreamMessage m : ALL) {
            assertEquals(m, StreamCodec.decode(StreamCodec.encode(m)), m.toString());
        }
    }

    @Test
    void requestsHaveTheirOwnTypesInTheStreamRange() {
        assertEquals(32, StreamCodec.typeOf(ALL.get(0)));
        assertEquals(33, StreamCodec.typeOf(new StreamMessage.Next(1, 0)));
        assertEquals(34, StreamCodec.typeOf(new StreamMessage.Close(1)));
        assertEquals(35, StreamCodec.typeOf(new StreamMessage.Apply(new int[0], List.of())));
        assertThrows(IllegalArgumentException.class, () -> StreamCodec.typeOf(new StreamMessage.Opened(1)));
    }

    @Test
    void layoutIsStable() {
        byte[] bytes = StreamCodec.encode(new StreamMessage.Open(new int[]{2, 3, 200}, 1));
        // version 1, tag 32, 3 slots as deltas 2, 0, 196 (varint 0xC4 0x01), cursor 1
        assertArrayEquals(new byte[]{1, 32, 3, 2, 0, (byte) 0xC4, 1, 1}, bytes);
    }

    @Test
    void everyTruncationAndTrailingByteIsRefused() {
        for (StreamMessage m : ALL) {
            byte[] bytes = StreamCodec.encode(m);
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThrows(MalformedMessageException.class, () -> StreamCodec.decode(cut), m + " cut at " + length);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(MalformedMessageException.class, () -> StreamCodec.decode(longer), m + " with a trailing byte");
        }
    }

    @Test
    void unknownVersionTagAndBadValuesAreRefused() {
        assertThrows(MalformedMessageException.class, () -> StreamCodec.decode(new byte[]{2, 32, 0, 0}));
        assertThrows(MalformedMessageException.class, () -> StreamCodec.decode(new byte[]{1, 99}));
        // slots 16383 then a delta past the last slot
        assertThrows(MalformedMessageException.class,
                () -> StreamCodec.decode(new byte[]{1, 32, 2, (byte) 0xFF, (byte) 0x7F, 0, 0}));
        // a done flag of 2
        assertThrows(MalformedMessageException.class, () -> StreamCodec.decode(new byte[]{1, 2, 0, 0, 2, 0}));
        // a record count the bytes cannot hold
        MalformedMessageException lying = assertThrows(MalformedMessageException.class,
                () -> StreamCodec.decode(new byte[]{1, 2, 0, 0, 0, (byte) 0x80, (byte) 0x80, 0x10}));
        assertTrue(lying.getMessage().contains("count"), lying.getMessage());
        // a value length beyond the bytes left
        assertThrows(MalformedMessageException.class,
                () -> StreamCodec.decode(new byte[]{1, 2, 0, 0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0}));
    }

    @Test
    void decodeAsRefusesTheWrongKindOfReply() {
        byte[] opened = StreamCodec.encode(new StreamMessage.Opened(1));
        assertThrows(MalformedMessageException.class, () -> StreamCodec.decodeAs(opened, StreamMessage.Batch.class));
    }

    @Test
    void slotsMustBeAscendingAndInRange() {
        assertThrows(IllegalArgumentException.class, () -> new StreamMessage.Open(new int[]{3, 3}, 0));
        assertThrows(IllegalArgumentException.class, () -> new StreamMessage.Open(new int[]{16384}, 0));
        assertThrows(IllegalArgumentException.class, () -> new StreamMessage.Apply(new int[]{-1}, List.of()));
    }
}
