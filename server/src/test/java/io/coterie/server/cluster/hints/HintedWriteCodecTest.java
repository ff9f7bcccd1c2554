package io.coterie.server.cluster.hints;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.C;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HintedWriteCodecTest {

    private static final byte[] KEY = "user:1".getBytes(StandardCharsets.UTF_8);
    private static final SiblingSet VERSIONS = SiblingSet.empty()
            .write(VectorClock.empty(), A, "v".getBytes(StandardCharsets.UTF_8), new HlcTimestamp(5, 0), Sibling.NO_EXPIRY, 5)
            .delete(VectorClock.empty(), C, new HlcTimestamp(6, 0), 6);

    @Test
    void aHintedWriteRoundTrips() {
        HintedWriteCodec.Request r = HintedWriteCodec.decode(HintedWriteCodec.encode(C, KEY, VERSIONS));
        assertEquals(C, r.home());
        assertArrayEquals(KEY, r.key());
        assertEquals(VERSIONS, r.versions());
        assertEquals(0, HintedWriteCodec.decode(HintedWriteCodec.encode(C, new byte[0], SiblingSet.empty())).key().length);
    }

    @Test
    void everyTruncationAndAnyTrailingByteIsMalformed() {
        byte[] full = HintedWriteCodec.encode(C, KEY, VERSIONS);
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            assertThrows(MalformedMessageException.class, () -> HintedWriteCodec.decode(part), "cut at " + cut);
        }
        assertThrows(MalformedMessageException.class, () -> HintedWriteCodec.decode(Arrays.copyOf(full, full.length + 1)));
    }

    @Test
    void anUnknownVersionABadHomeOrGarbledVersionsAreMalformed() {
        byte[] full = HintedWriteCodec.encode(C, KEY, VERSIONS);
        byte[] version = full.clone();
        version[0] = 2;
        assertThrows(MalformedMessageException.class, () -> HintedWriteCodec.decode(version));
        byte[] home = full.clone();
        home[2] = 'X';
        assertThrows(MalformedMessageException.class, () -> HintedWriteCodec.decode(home));
        byte[] versions = full.clone();
        versions[full.length - VERSIONS.encode().length] = 99;
        assertThrows(MalformedMessageException.class, () -> HintedWriteCodec.decode(versions));
    }
}
