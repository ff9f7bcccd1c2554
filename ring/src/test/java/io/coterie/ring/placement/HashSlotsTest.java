package io.coterie.ring.placement;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashSlotsTest {

    private static int slot(String key) {
        return HashSlots.slotOf(key.getBytes(StandardCharsets.UTF_8));
    }

    private static int crc(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return HashSlots.crc16(b, 0, b.length);
    }

    @Test
    void crc16IsXmodemAsInRedisCrc16C() {
        // The check value quoted in Redis's src/crc16.c: Output for "123456789" : 31C3.
        assertEquals(0x31C3, crc("123456789"));
        assertEquals(0, crc(""));
    }

    @Test
    void matchesRedisClusterKeyslot() {
        assertEquals(12182, slot("foo"));
        assertEquals(5061, slot("bar"));
        assertEquals(11058, slot("somekey"));
        assertEquals(2515, slot("foo{hash_tag}"));
        assertEquals(0, slot(""));
    }

    @Test
    void hashTagsFollowRedisRules() {
        assertEquals(slot("{user1000}.following"), slot("{user1000}.followers"));
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        // Empty tag: the whole key is hashed.
        assertEquals(crc("foo{}{bar}") & 16383, slot("foo{}{bar}"));
        // First '{', then the first '}' after it: the tag is "{bar".
        assertEquals(slot("{bar"), slot("foo{{bar}}zap"));
        assertEquals(crc("{bar") & 16383, slot("foo{{bar}}zap"));
        // Only the first tag counts.
        assertEquals(slot("bar"), slot("foo{bar}{zap}"));
        // No closing brace: the whole key.
        assertEquals(crc("foo{bar") & 16383, slot("foo{bar"));
        assertEquals(crc("}foo{") & 16383, slot("}foo{"));
    }

    @Test
    void binarySafe() {
        byte[] key = {0, (byte) 0xFF, '{', (byte) 0x80, 0, '}', 7};
        assertEquals(HashSlots.slotOf(new byte[]{(byte) 0x80, 0}), HashSlots.slotOf(key));
    }

    @Property(tries = 300)
    void slotIsInRangeAndTaggedKeysShareTheirTagSlot(@ForAll byte[] prefix, @ForAll byte[] tag, @ForAll byte[] suffix) {
        int whole = HashSlots.slotOf(prefix);
        assertTrue(whole >= 0 && whole < HashSlots.SLOT_COUNT);
        boolean cleanPrefix = indexOf(prefix, '{') < 0;
        boolean cleanTag = tag.length > 0 && indexOf(tag, '}') < 0;
        if (cleanPrefix && cleanTag) {
            byte[] key = new byte[prefix.length + tag.length + 2 + suffix.length];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            key[prefix.length] = '{';
            System.arraycopy(tag, 0, key, prefix.length + 1, tag.length);
            key[prefix.length + 1 + tag.length] = '}';
            System.arraycopy(suffix, 0, key, prefix.length + tag.length + 2, suffix.length);
            assertEquals(HashSlots.crc16(tag, 0, tag.length) % HashSlots.SLOT_COUNT, HashSlots.slotOf(key));
        }
    }

    private static int indexOf(byte[] b, char c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
