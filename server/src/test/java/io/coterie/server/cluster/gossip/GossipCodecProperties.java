package io.coterie.server.cluster.gossip;

import io.coterie.ring.membership.GossipMessage;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decode(encode(m)) == m for any message; anything else decodes to MalformedMessageException and nothing worse. */
class GossipCodecProperties {

    @Provide
    Arbitrary<GossipMessage> messages() {
        return GossipMessages.messages();
    }

    @Property(tries = 500)
    void roundTrips(@ForAll("messages") GossipMessage message) {
        byte[] bytes = GossipCodec.encode(message);
        assertEquals(message, GossipCodec.decode(bytes));
        assertEquals(GossipCodec.CODEC_VERSION, bytes[0]);
        assertEquals(GossipCodec.typeOf(message), bytes[1], "payload tag is the frame type");
    }

    @Property(tries = 200)
    void everyTruncationIsRefused(@ForAll("messages") GossipMessage message) {
        byte[] bytes = GossipCodec.encode(message);
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(prefix), "prefix of " + length);
        }
    }

    @Property(tries = 200)
    void trailingBytesAreRefused(@ForAll("messages") GossipMessage message, @ForAll @Size(min = 1, max = 8) byte[] extra) {
        byte[] bytes = GossipCodec.encode(message);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, longer, bytes.length, extra.length);
        assertThrows(MalformedMessageException.class, () -> GossipCodec.decode(longer));
    }

    /** A flipped byte either still decodes (then to a message that encodes again) or is refused as malformed. */
    @Property(tries = 1000)
    void corruptedBytesDecodeOrAreRefused(@ForAll("messages") GossipMessage message,
                                          @ForAll @IntRange(min = 0, max = 10_000) int where,
                                          @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] bytes = GossipCodec.encode(message);
        bytes[where % bytes.length] ^= (byte) xor;
        assertDecodesOrIsMalformed(bytes);
    }

    @Property(tries = 1000)
    void garbageDecodesOrIsRefused(@ForAll @Size(max = 300) byte[] garbage) {
        assertDecodesOrIsMalformed(garbage);
    }

    /** Garbage behind a valid header reaches the list and string decoders instead of failing on the version byte. */
    @Property(tries = 1000)
    void garbageAfterAValidHeaderDecodesOrIsRefused(@ForAll @IntRange(min = 1, max = 3) int tag,
                                                     @ForAll @Size(max = 300) byte[] garbage) {
        byte[] bytes = new byte[garbage.length + 22];
        bytes[0] = (byte) GossipCodec.CODEC_VERSION;
        bytes[1] = (byte) tag;
        System.arraycopy(garbage, 0, bytes, 22, garbage.length);
        assertDecodesOrIsMalformed(bytes);
    }

    private static void assertDecodesOrIsMalformed(byte[] bytes) {
        GossipMessage decoded;
        try {
            decoded = GossipCodec.decode(bytes);
        } catch (MalformedMessageException expected) {
            return;
        }
        assertTrue(GossipCodec.isGossipType(GossipCodec.typeOf(decoded)));
        assertEquals(decoded, GossipCodec.decode(GossipCodec.encode(decoded)));
    }
}
