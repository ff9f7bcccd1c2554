package io.coterie.ring.version;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiblingSetTest {

    private static final NodeId SX = VectorClockTest.node(0x5a);
    private static final NodeId SY = VectorClockTest.node(0x5b);
    private static final NodeId SZ = VectorClockTest.node(0x5c);

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HlcTimestamp t(long ms) {
        return new HlcTimestamp(ms, 0);
    }

    private static List<String> values(SiblingSet set) {
        return set.siblings().stream().map(s -> s.tombstone() ? "<deleted>" : new String(s.value(), StandardCharsets.UTF_8)).sorted().toList();
    }

    @Test
    void twoClientsWritingWithTheSameContextThroughOneCoordinatorBecomeSiblings() {
        SiblingSet x = SiblingSet.empty().write(VectorClock.empty(), SX, v("v0"), t(1), 0, 1);
        // Clients A and B both VGET the same version...
        VectorClock seenByBoth = x.context();
        // ...and both VSET with that context through the same coordinator Sx.
        x = x.write(seenByBoth, SX, v("from A"), t(2), 0, 2);
        x = x.write(seenByBoth, SX, v("from B"), t(3), 0, 3);
        assertEquals(List.of("from A", "from B"), values(x), "B must not silently overwrite A");
        // The dots tell the two apart even though one node coordinated both.
        assertEquals(List.of(new Dot(SX, 2), new Dot(SX, 3)), x.siblings().stream().map(Sibling::dot).toList());
        // A client that reads both and writes the resolution supersedes exactly those two.
        VectorClock resolvedFrom = x.context();
        assertEquals(2, x.supersededBy(resolvedFrom).size());
        x = x.write(resolvedFrom, SX, v("merged"), t(4), 0, 4);
        assertEquals(List.of("merged"), values(x));
    }

    @Test
    void dynamoTextbookExampleWithDots() {
        // D1 written at Sx: [Sx:1]; D2 overwrites it at Sx: [Sx:2].
        SiblingSet sx = SiblingSet.empty().write(VectorClock.empty(), SX, v("D1"), t(1), 0, 1);
        assertEquals(1, sx.context().counter(SX));
        sx = sx.write(sx.context(), SX, v("D2"), t(2), 0, 2);
        assertEquals(List.of("D2"), values(sx));
        VectorClock d2 = sx.context();
        // D2 is replicated to Sy and Sz; D3 descends from D2 at Sy, D4 from D2 at Sz.
        SiblingSet sy = SiblingSet.empty().merge(sx).write(d2, SY, v("D3"), t(3), 0, 3);
        SiblingSet sz = SiblingSet.empty().merge(sx).write(d2, SZ, v("D4"), t(4), 0, 4);
        assertEquals(CausalOrder.CONCURRENT, sy.context().compare(sz.context()));
        // A read that reaches Sy and Sz sees both: they are siblings, D2 is gone.
        SiblingSet read = sy.merge(sz);
        assertEquals(List.of("D3", "D4"), values(read));
        assertEquals(2, read.context().counter(SX));
        assertEquals(1, read.context().counter(SY));
        assertEquals(1, read.context().counter(SZ));
        // The client's resolution, written at Sx (which still only holds D2): D5 = [Sx:3, Sy:1, Sz:1].
        SiblingSet d5 = sx.write(read.context(), SX, v("D5"), t(5), 0, 5);
        assertEquals(List.of("D5"), values(d5));
        assertEquals(3, d5.context().counter(SX));
        assertEquals(1, d5.context().counter(SY));
        assertEquals(1, d5.context().counter(SZ));
        // Anti-entropy: D5 supersedes D3 and D4 on every replica, in any order.
        assertEquals(List.of("D5"), values(sy.merge(d5)));
        assertEquals(List.of("D5"), values(d5.merge(sz).merge(sy)));
    }

    @Test
    void incomingVersionIsDroppedReplacesOrJoins() {
        SiblingSet base = SiblingSet.empty().write(VectorClock.empty(), SX, v("a"), t(1), 0, 1);
        SiblingSet newer = base.write(base.context(), SY, v("b"), t(2), 0, 2);
        // Dominated: merging the older state into the newer changes nothing.
        assertEquals(newer, newer.merge(base));
        // Dominating: the newer version replaces the older one.
        assertEquals(List.of("b"), values(base.merge(newer)));
        // Concurrent: a write at Sz that never saw "b" joins it as a sibling.
        SiblingSet concurrent = base.write(base.context(), SZ, v("c"), t(3), 0, 3);
        assertEquals(List.of("b", "c"), values(newer.merge(concurrent)));
    }

    @Test
    void plainGetIsLastWriterWinsByHlcThenNodeId() {
        SiblingSet base = SiblingSet.empty();
        SiblingSet a = base.write(VectorClock.empty(), SY, v("later"), t(20), 0, 1);
        SiblingSet b = base.write(VectorClock.empty(), SX, v("earlier"), t(10), 0, 1);
        assertEquals("later", new String(a.merge(b).visible(100).orElseThrow().value(), StandardCharsets.UTF_8));
        // Same HLC: the higher node id wins, the same on every replica.
        SiblingSet c = base.write(VectorClock.empty(), SX, v("x"), t(30), 0, 1);
        SiblingSet d = base.write(VectorClock.empty(), SY, v("y"), t(30), 0, 1);
        assertEquals(SY, c.merge(d).lastWriteWins().orElseThrow().dot().node());
        assertEquals(c.merge(d).lastWriteWins(), d.merge(c).lastWriteWins());
    }

    @Test
    void tombstonesAreVersions() {
        SiblingSet live = SiblingSet.empty().write(VectorClock.empty(), SX, v("v"), t(1000), 0, 1000);
        SiblingSet deleted = live.delete(live.context(), SX, t(2000), 2000);
        assertEquals(1, deleted.siblings().size());
        assertTrue(deleted.siblings().get(0).tombstone());
        assertTrue(deleted.visible(2000).isEmpty());
        // The delete supersedes the value on a replica that still has it.
        assertEquals(deleted.siblings(), live.merge(deleted).siblings());
        // Collected only after the grace period.
        assertFalse(deleted.collectable(2000 + 86_399_999L, 86_400_000L));
        assertTrue(deleted.collectable(2000 + 86_400_000L, 86_400_000L));
        assertFalse(live.collectable(Long.MAX_VALUE, 0));
        // A delete concurrent with a write leaves both; the write stays visible if it is later.
        SiblingSet write = live.write(live.context(), SY, v("w"), t(3000), 0, 3000);
        SiblingSet both = deleted.merge(write);
        assertEquals(List.of("<deleted>", "w"), values(both));
        assertEquals("w", new String(both.visible(3000).orElseThrow().value(), StandardCharsets.UTF_8));
    }

    @Test
    void expiredValuesAreInvisibleAndCollectable() {
        SiblingSet s = SiblingSet.empty().write(VectorClock.empty(), SX, v("v"), t(1000), 5000, 1000);
        assertTrue(s.visible(4999).isPresent());
        assertTrue(s.visible(5000).isEmpty());
        assertFalse(s.collectable(5999, 1000));
        assertTrue(s.collectable(6000, 1000));
    }

    @Test
    void encodingRoundTripsEveryField() {
        SiblingSet s = SiblingSet.empty()
                .write(VectorClock.empty(), SX, v("value"), new HlcTimestamp(1_700_000_000_000L, 3), 1_800_000_000_000L, 1)
                .write(VectorClock.empty(), SY, new byte[0], t(5), 0, 2)
                .delete(VectorClock.empty(), SZ, t(6), 3);
        assertEquals(3, s.siblings().size());
        SiblingSet decoded = SiblingSet.decode(s.encode());
        assertEquals(s, decoded);
        assertEquals(s.context(), decoded.context());
        assertEquals(SiblingSet.empty(), SiblingSet.decode(SiblingSet.empty().encode()));
    }

    @Test
    void encodingFormatIsPinned() {
        // Storage persists these bytes: changing the format needs a new format byte, not a silent edit.
        SiblingSet s = SiblingSet.empty().write(VectorClock.empty(), SX, v("hi"), new HlcTimestamp(1, 2), 300, 7);
        String hex = java.util.HexFormat.of().formatHex(s.encode());
        assertEquals("01" + "01" + "000000000000000000000000000000000000005a" + "01" + "07"
                + "01" + "000000000000000000000000000000000000005a" + "01" + "0000000000010002" + "02" + "ac02" + "02" + "6869", hex);
    }

    @Test
    void decodeRejectsTruncatedAndInconsistentInput() {
        byte[] good = SiblingSet.empty().write(VectorClock.empty(), SX, v("value"), t(7), 99, 1).encode();
        for (int len = 0; len < good.length; len++) {
            byte[] prefix = Arrays.copyOf(good, len);
            assertThrows(VersionDecodeException.class, () -> SiblingSet.decode(prefix), "prefix of " + len);
        }
        byte[] badFormat = good.clone();
        badFormat[0] = 9;
        assertThrows(VersionDecodeException.class, () -> SiblingSet.decode(badFormat));
        // A sibling whose dot the context does not cover.
        byte[] uncovered = new ByteWriter().writeByte(1).writeVarLong(0).writeVarLong(1)
                .writeNodeId(SX).writeVarLong(1).writeLong(0).writeByte(0).writeBytes(v("x")).toByteArray();
        VersionDecodeException e = assertThrows(VersionDecodeException.class, () -> SiblingSet.decode(uncovered));
        assertTrue(e.getMessage().contains("does not cover"), e.getMessage());
        // A value length far beyond the input: refused without allocating it.
        byte[] huge = new ByteWriter().writeByte(1).writeVarLong(1).writeNodeId(SX).writeVarLong(1).writeVarLong(0).writeVarLong(1)
                .writeNodeId(SX).writeVarLong(1).writeLong(0).writeByte(0).writeVarLong(Integer.MAX_VALUE).toByteArray();
        assertThrows(VersionDecodeException.class, () -> SiblingSet.decode(huge));
        // A declared sibling count beyond the limit.
        byte[] many = new ByteWriter().writeByte(1).writeVarLong(0).writeVarLong(1L << 40).toByteArray();
        assertThrows(VersionDecodeException.class, () -> SiblingSet.decode(many));
        // Unknown flag bits.
        byte[] flags = new ByteWriter().writeByte(1).writeVarLong(1).writeNodeId(SX).writeVarLong(1).writeVarLong(0).writeVarLong(1)
                .writeNodeId(SX).writeVarLong(1).writeLong(0).writeByte(0x80).toByteArray();
        assertThrows(VersionDecodeException.class, () -> SiblingSet.decode(flags));
    }

    @Test
    void ofRejectsBrokenInvariants() {
        Sibling s = Sibling.value(new Dot(SX, 1), v("a"), t(1), 0);
        assertThrows(IllegalArgumentException.class, () -> SiblingSet.of(VectorClock.empty(), List.of(s)));
        VectorClock c = VectorClock.empty().increment(SX, 1);
        assertThrows(IllegalArgumentException.class, () -> SiblingSet.of(c, List.of(s, Sibling.value(new Dot(SX, 1), v("b"), t(1), 0))));
        assertThrows(IllegalArgumentException.class, () -> new Sibling(new Dot(SX, 1), v("a"), t(1), 0, true));
    }
}
