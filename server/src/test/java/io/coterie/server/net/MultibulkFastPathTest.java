package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.drain;
import static io.coterie.server.net.PipelineFixture.exchange;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.storage.InMemoryStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The multibulk fast path against the codec alone: the same bytes, cut into the same reads, give the
 * same replies and leave the connection open or closed alike, for well-formed streams and for streams
 * with the malformations the fast path must leave to the codec. Seeded; the seed is in the message.
 */
class MultibulkFastPathTest {

    private static final int RUNS = 300;
    /** Pieces spliced into streams: each is either not well-formed multibulk or a limit case. */
    private static final String[] ODD = {
        "PING\r\n", "*0\r\n", "*-1\r\n", "*1\r\n$04\r\nPING\r\n", "*01\r\n$4\r\nPING\r\n", "*1\r\n$+4\r\nPING\r\n",
        "*1\r\n$4\r\nPINGxx", "*2\r\n:1\r\n$4\r\nPING\r\n", "*1\r\n$-1\r\n", "*1\r\n*1\r\n$4\r\nPING\r\n",
        "*1\r\n$4\nPING\r\n", "*1 \r\n$4\r\nPING\r\n", "*99999999999\r\n", "*1\r\n$99999999999\r\n", "\r\n",
        "*1\r\n$0\r\n\r\n", "+PING\r\n",
    };

    @Test
    void wellFormedCommandsNeverReachTheCodec() {
        EmbeddedChannel ch = new PipelineFixture(new InMemoryStore(), List.of()).connect();
        assertEquals("+OK\r\n$1\r\nv\r\n", exchange(ch, resp("SET", "k", "v") + resp("GET", "k").substring(0, 9),
                resp("GET", "k").substring(9)));
        assertFalse(fastPath(ch).handedOver());
    }

    @Test
    void anInlineCommandHandsOverAndOrderIsKept() {
        EmbeddedChannel ch = new PipelineFixture(new InMemoryStore(), List.of()).connect();
        assertEquals("+OK\r\n$1\r\nv\r\n+OK\r\n$1\r\nw\r\n",
                exchange(ch, resp("SET", "k", "v") + "GET k\r\n" + resp("SET", "k", "w") + resp("GET", "k")));
        assertTrue(fastPath(ch).handedOver());
    }

    @Test
    void sameRepliesAsTheCodecAloneHoweverTheStreamIsCut() {
        for (int run = 0; run < RUNS; run++) {
            long seed = 104_729L * run + 3;
            Random random = new Random(seed);
            byte[] stream = stream(random);
            long cutSeed = random.nextLong();
            EmbeddedChannel fast = new PipelineFixture(new InMemoryStore(), List.of()).connect();
            EmbeddedChannel codecOnly = new PipelineFixture(new InMemoryStore(), List.of()).connect();
            codecOnly.pipeline().remove("fast-path");
            String expected = feed(codecOnly, stream, new Random(cutSeed));
            String got = feed(fast, stream, new Random(cutSeed));
            assertEquals(expected, got, "seed " + seed);
            assertEquals(codecOnly.isOpen(), fast.isOpen(), "seed " + seed);
        }
    }

    private static byte[] stream(Random random) {
        StringBuilder sb = new StringBuilder();
        int commands = 1 + random.nextInt(12);
        for (int c = 0; c < commands; c++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                sb.append(ODD[random.nextInt(ODD.length)]);
            } else if (kind < 4) {
                sb.append(resp("SET", "k" + random.nextInt(3), "x".repeat(random.nextInt(2000))));
            } else if (kind < 7) {
                sb.append(resp("GET", "k" + random.nextInt(3)));
            } else {
                sb.append(resp("ECHO", "a\r\n$3\r\n*".repeat(random.nextInt(3))));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String feed(EmbeddedChannel ch, byte[] bytes, Random cuts) {
        StringBuilder got = new StringBuilder();
        int at = 0;
        while (at < bytes.length && ch.isOpen()) {
            int n = Math.min(bytes.length - at, 1 + cuts.nextInt(cuts.nextBoolean() ? 6 : 3000));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
            at += n;
            got.append(drain(ch));
        }
        ch.runPendingTasks();
        return got.append(drain(ch)).toString();
    }

    private static MultibulkFastPath fastPath(EmbeddedChannel ch) {
        return (MultibulkFastPath) ch.pipeline().get("fast-path");
    }
}
