package io.coterie.server.net;

import static io.coterie.server.net.PipelineFixture.drain;
import static io.coterie.server.net.PipelineFixture.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.storage.InMemoryStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast command assembler against the plain aggregators: however the same pipelined stream is
 * cut into reads, the replies are the same bytes as when it arrives whole. Seeded, so a failure
 * replays; the seed is in the message.
 */
class FragmentationTest {

    private static final int RUNS = 200;

    @Test
    void repliesDoNotDependOnHowTheStreamIsCut() {
        for (int run = 0; run < RUNS; run++) {
            long seed = 7919L * run + 17;
            Random random = new Random(seed);
            StringBuilder stream = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            int commands = 1 + random.nextInt(20);
            for (int c = 0; c < commands; c++) {
                String arg = randomArg(random);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        stream.append(resp("ECHO", arg));
                        expected.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                                .append(arg).append("\r\n");
                    }
                    case 1 -> {
                        stream.append("PING\r\n");
                        expected.append("+PONG\r\n");
                    }
                    case 2 -> {
                        stream.append(resp("PING"));
                        expected.append("+PONG\r\n");
                    }
                    default -> {
                        stream.append(resp("nope", arg, ""));
                        // Error lines cannot carry CR or LF: the server turns them into spaces, as Redis does.
                        expected.append("-ERR unknown command 'nope', with args beginning with: '")
                                .append(arg.substring(0, Math.min(arg.length(), 128)).replace('\r', ' ').replace('\n', ' '))
                                .append("' ");
                        if (arg.length() + 3 < 128) {
                            expected.append("'' ");
                        }
                        expected.append("\r\n");
                    }
                }
            }
            byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
            EmbeddedChannel ch = new PipelineFixture(new InMemoryStore(), List.of()).connect();
            StringBuilder got = new StringBuilder();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 2048));
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
                at += n;
                got.append(drain(ch));
            }
            assertEquals(expected.toString(), got.toString(), "seed " + seed);
        }
    }

    /** Arguments with CR/LF and quotes inside, empty ones, and ones longer than a read. */
    private static String randomArg(Random random) {
        int kind = random.nextInt(5);
        int length = kind == 0 ? 0 : kind == 1 ? 1 + random.nextInt(3000) : 1 + random.nextInt(40);
        String alphabet = "abcXYZ019 \r\n\"'*$:";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
