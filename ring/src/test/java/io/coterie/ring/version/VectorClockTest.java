package io.coterie.ring.version;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorClockTest {

    static NodeId node(int i) {
        return new NodeId(String.format("%040x", i));
    }

    private static final NodeId SX = node(0x5a);
    private static final NodeId SY = node(0x5b);
    private static final NodeId SZ = node(0x5c);

    @Test
    void dynamoPaperFigure3() {
        // Dynamo §4.4, Figure 3: versions of one object across writes at Sx, Sy and Sz.
        VectorClock d1 = VectorClock.empty().increment(SX, 1);
        assertEquals(1, d1.counter(SX));
        VectorClock d2 = d1.increment(SX, 2);
        assertEquals(CausalOrder.AFTER, d2.compare(d1));
        VectorClock d3 = d2.increment(SY, 3);
        VectorClock d4 = d2.increment(SZ, 4);
        assertEquals(Map.of(SX, 2L, SY, 1L), counters(d3));
        assertEquals(Map.of(SX, 2L, SZ, 1L), counters(d4));
        assertEquals(CausalOrder.CONCURRENT, d3.compare(d4));
        assertEquals(CausalOrder.CONCURRENT, d4.compare(d3));
        // The client's reconciliation, written at Sx: D5 = [Sx:3, Sy:1, Sz:1].
        VectorClock d5 = d3.merge(d4).increment(SX, 5);
        assertEquals(Map.of(SX, 3L, SY, 1L, SZ, 1L), counters(d5));
        assertEquals(CausalOrder.AFTER, d5.compare(d3));
        assertEquals(CausalOrder.AFTER, d5.compare(d4));
        assertEquals(CausalOrder.BEFORE, d1.compare(d5));
        assertEquals(CausalOrder.EQUAL, d5.compare(VectorClock.decode(d5.encode())));
    }

    private static Map<NodeId, Long> counters(VectorClock c) {
        Map<NodeId, Long> out = new java.util.HashMap<>();
        c.entries().forEach((n, e) -> out.put(n, e.counter()));
        return out;
    }

    @Test
    void emptyClockIsBeforeEverything() {
        VectorClock one = VectorClock.empty().increment(SX, 0);
        assertEquals(CausalOrder.EQUAL, VectorClock.empty().compare(VectorClock.empty()));
        assertEquals(CausalOrder.BEFORE, VectorClock.empty().compare(one));
        assertTrue(one.covers(new Dot(SX, 1)));
        assertFalse(one.covers(new Dot(SX, 2)));
        assertFalse(one.covers(new Dot(SY, 1)));
    }

    @Test
    void truncatesPastTenEntriesByOldestTimestamp() {
        VectorClock c = VectorClock.empty();
        // Node i last wrote at time 100 - i: node 10 is the oldest, node 1 the newest.
        for (int i = 1; i <= 10; i++) {
            c = c.increment(node(i), 100 - i);
        }
        assertEquals(10, c.size());
        c = c.increment(node(11), 50);
        assertEquals(10, c.size());
        assertEquals(0, c.counter(node(10)), "the entry with the oldest timestamp goes");
        assertEquals(1, c.counter(node(11)), "the writer is never dropped, even when its stamp is older");
        c = c.increment(node(12), 200);
        assertEquals(0, c.counter(node(11)));
        assertEquals(1, c.counter(node(12)));
    }

    @Test
    void mergeKeepsTheLaterTimestamp() {
        VectorClock a = VectorClock.empty().increment(SX, 10);
        VectorClock b = VectorClock.empty().increment(SX, 20);
        assertEquals(20, a.merge(b).entries().get(SX).timestampMs());
        assertEquals(a.merge(b), b.merge(a));
    }

    @Test
    void encodingIsCompact() {
        VectorClock c = VectorClock.empty().increment(SX, 1_700_000_000_000L).increment(SY, 1_700_000_000_001L);
        byte[] bytes = c.encode();
        // count + 2 × (20 id bytes + 1-byte counter + 6-byte millisecond varint)
        assertEquals(1 + 2 * (20 + 1 + 6), bytes.length);
        assertEquals(c, VectorClock.decode(bytes));
        assertArrayEquals(new byte[]{0}, VectorClock.empty().encode());
    }

    @Test
    void decodeRejectsGarbageClearly() {
        byte[] good = VectorClock.empty().increment(SX, 7).encode();
        for (int len = 0; len < good.length; len++) {
            byte[] prefix = java.util.Arrays.copyOf(good, len);
            assertThrows(VersionDecodeException.class, () -> VectorClock.decode(prefix), "prefix of " + len);
        }
        // A declared count of 2^62 entries: refused before allocating anything.
        VersionDecodeException huge = assertThrows(VersionDecodeException.class,
                () -> VectorClock.decode(new byte[]{(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                        (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40}));
        assertTrue(huge.getMessage().contains("clock entry count"), huge.getMessage());
        assertThrows(VersionDecodeException.class, () -> VectorClock.decode(new byte[]{(byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1}));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(VersionDecodeException.class, () -> VectorClock.decode(trailing));
        byte[] twice = new ByteWriter().writeVarLong(2).writeNodeId(SX).writeVarLong(1).writeVarLong(0)
                .writeNodeId(SX).writeVarLong(2).writeVarLong(0).toByteArray();
        assertThrows(VersionDecodeException.class, () -> VectorClock.decode(twice));
        byte[] zero = new ByteWriter().writeVarLong(1).writeNodeId(SX).writeVarLong(0).writeVarLong(0).toByteArray();
        assertThrows(VersionDecodeException.class, () -> VectorClock.decode(zero));
    }
}
