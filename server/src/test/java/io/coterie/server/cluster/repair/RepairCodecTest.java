package io.coterie.server.cluster.repair;

import io.coterie.ring.repair.KeyDigest;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.storage.Record;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RepairCodecTest {

    private static final List<RepairRecord> RECORDS = List.of(
            new RepairRecord(new byte[]{0, (byte) 0xFF, '\r'}, new Record(new byte[]{1, 2}, 1_700_000_000_123L, new byte[]{4, 9})),
            new RepairRecord(new byte[0], new Record(new byte[0], Record.NO_EXPIRY, Record.NO_META)));

    private static final List<RepairMessage> ALL = List.of(
            new RepairMessage.Tree(-1L, 0, 16383, 0, new int[]{0}),
            new RepairMessage.Tree(7, 100, 200, 4, new int[]{100, 16383}),
            new RepairMessage.TreeHashes(new long[]{Long.MIN_VALUE, 0, -1}),
            new RepairMessage.Buckets(9, 3, new int[]{1, 5, 16383}, new int[]{1, 16, 256}),
            new RepairMessage.BucketHashes(new int[][]{{Integer.MIN_VALUE}, {}, {-1, 0, 7}}),
            new RepairMessage.Keys(9, new int[]{5, 5}, new int[]{0, 15}),
            new RepairMessage.KeyDigests(List.of(List.of(new KeyDigest(1, -2)), List.of())),
            new RepairMessage.Fetch(9, new long[]{3, -4}),
            new RepairMessage.Records(RECORDS),
            new RepairMessage.Push(RECORDS),
            new RepairMessage.Pushed(2),
            new RepairMessage.End(9));

    @Test
    void everyMessageRoundTrips() {
        for (RepairMessage m : ALL) {
            byte[] bytes = RepairCodec.encode(m);
            RepairMessage decoded = RepairCodec.decode(bytes);
            assertEquals(m.getClass(), decoded.getClass());
            assertArrayEquals(bytes, RepairCodec.encode(decoded), m.getClass().getSimpleName());
        }
    }

    @Test
    void requestsHaveTypesInTheRepairRange() {
        assertEquals(80, RepairCodec.typeOf(ALL.get(0)));
        assertEquals(81, RepairCodec.typeOf(ALL.get(3)));
        assertEquals(85, RepairCodec.typeOf(new RepairMessage.End(1)));
        assertThrows(IllegalArgumentException.class, () -> RepairCodec.typeOf(new RepairMessage.Pushed(1)));
    }

    @Test
    void aRootRequestIsSixteenBytes() {
        // version 1, tag 80, fingerprint (8 bytes), first slot 0, last slot 16383 (varint FF 7F), level 0, 1 node: 0
        assertArrayEquals(new byte[]{1, 80, 0, 0, 0, 0, 0, 0, 0, 5, 0, (byte) 0xFF, 0x7F, 0, 1, 0},
                RepairCodec.encode(new RepairMessage.Tree(5, 0, 16383, 0, new int[]{0})));
    }

    @Test
    void everyTruncationAndTrailingByteIsRefused() {
        for (RepairMessage m : ALL) {
            byte[] bytes = RepairCodec.encode(m);
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThrows(MalformedMessageException.class, () -> RepairCodec.decode(cut), m + " cut to " + length);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(MalformedMessageException.class, () -> RepairCodec.decode(longer), m + " plus a byte");
        }
    }

    @Test
    void badValuesAreRefused() {
        byte[] version = RepairCodec.encode(new RepairMessage.End(1));
        version[0] = 2;
        assertThrows(MalformedMessageException.class, () -> RepairCodec.decode(version));
        byte[] level = RepairCodec.encode(new RepairMessage.Tree(0, 0, 1, 0, new int[]{0}));
        level[level.length - 3] = 5; // no level 5
        assertThrows(MalformedMessageException.class, () -> RepairCodec.decode(level));
        byte[] unsorted = RepairCodec.encode(new RepairMessage.Buckets(1, 0, new int[]{5, 3}, new int[]{1, 1}));
        assertThrows(MalformedMessageException.class, () -> RepairCodec.decode(unsorted));
    }
}
