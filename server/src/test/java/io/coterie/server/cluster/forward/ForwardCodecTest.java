package io.coterie.server.cluster.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coterie.server.cluster.gossip.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForwardCodecTest {

    private static final byte[][] ARGV = {"SET".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, (byte) 0xff, '\r', '\n'},
            new byte[0]};

    @Test
    void roundTripsBinaryArgumentsAndTheEpoch() {
        ForwardCodec.Request r = ForwardCodec.decode(ForwardCodec.encode(1L << 40, ARGV));
        assertEquals(1L << 40, r.senderEpoch());
        assertEquals(ARGV.length, r.argv().length);
        for (int i = 0; i < ARGV.length; i++) {
            assertArrayEquals(ARGV[i], r.argv()[i]);
        }
    }

    @Test
    void refusesTruncatedTrailingAndForeignPayloads() {
        byte[] good = ForwardCodec.encode(3, ARGV);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(MalformedMessageException.class, () -> ForwardCodec.decode(truncated), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedMessageException.class, () -> ForwardCodec.decode(longer));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        assertThrows(MalformedMessageException.class, () -> ForwardCodec.decode(otherVersion));
        assertThrows(MalformedMessageException.class, () -> ForwardCodec.decode(new byte[] {1, 0, 0}));
    }
}
