package io.coterie.ring.version;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage codec gives back exactly the set it was given, with or without the LWW value elided. */
class StoredSiblingCodecProperties {

    @Property(tries = 300)
    void roundTripsEveryReachableState(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int steps) {
        SiblingSetProperties.Run run = new SiblingSetProperties.Run(seed, steps);
        for (SiblingSet set : run.replicas) {
            assertEquals(set, StoredSiblingCodec.decode(StoredSiblingCodec.encode(set, false), new byte[0]));
            byte[] lwwValue = set.lastWriteWins().filter(s -> !s.tombstone()).map(Sibling::value).orElse(new byte[0]);
            assertEquals(set, StoredSiblingCodec.decode(StoredSiblingCodec.encode(set, true), lwwValue));
        }
    }

    @Test
    void aSingleWriterRecordIsSmallAndItsValueIsNotStoredTwice() {
        byte[] value = new byte[100];
        SiblingSet set = SiblingSet.empty().write(VectorClock.empty(), VectorClockTest.node(1), value,
                new HlcTimestamp(1_763_000_000_000L, 0), 0, 1_763_000_000_000L);
        byte[] elided = StoredSiblingCodec.encode(set, true);
        assertTrue(elided.length <= 48, "single-writer metadata is " + elided.length + " bytes");
        assertEquals(elided.length + 1 + value.length, StoredSiblingCodec.encode(set, false).length);
        assertArrayEquals(value, StoredSiblingCodec.decode(elided, value).siblings().get(0).value());
    }

    @Test
    void corruptBytesAreRefused() {
        SiblingSet set = SiblingSet.empty().write(VectorClock.empty(), VectorClockTest.node(1), new byte[] {1},
                new HlcTimestamp(5, 0), 0, 5);
        byte[] bytes = StoredSiblingCodec.encode(set, false);
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            assertThrows(VersionDecodeException.class, () -> StoredSiblingCodec.decode(truncated, new byte[0]));
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(VersionDecodeException.class, () -> StoredSiblingCodec.decode(longer, new byte[0]));
    }
}
