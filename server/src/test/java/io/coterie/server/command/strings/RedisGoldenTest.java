package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays a transcript recorded from redis-server 7.0.15 (hand-written edge cases, SET/GETEX option
 * combinations and seeded random command sequences; see record_golden.py next to the transcript)
 * and requires the same reply to every command.
 */
class RedisGoldenTest {

    private static final String TRANSCRIPT = "redis-7.0.15-golden.txt";
    /** How far the recording's real clock may have moved while it ran; only relative expiries feel it. */
    private static final long RECORDING_DRIFT_MS = 10_000;

    @Test
    void repliesMatchRedis() throws IOException {
        TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());
        int replayed = 0;
        try (InputStream in = getClass().getResourceAsStream(TRANSCRIPT);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.startsWith("# clock-ms ")) {
                    ctx.setNow(Long.parseLong(line.substring("# clock-ms ".length())));
                    continue;
                }
                int arrow = line.indexOf(" => ");
                String command = line.substring(0, arrow);
                String expected = line.substring(arrow + 4);
                String actual;
                if (command.equals("FLUSHALL")) {
                    ctx.store().clear(); // FLUSHALL belongs to the server commands; the transcript uses it to reset
                    actual = "+OK";
                } else {
                    actual = ctx.call(words(command).toArray(new String[0])).toString();
                }
                if (!expected.equals(actual) && isExpireTime(command)) {
                    long scale = command.startsWith("PEXPIRETIME") ? 1 : 1000;
                    long drift = Math.abs(Long.parseLong(expected.substring(1)) - Long.parseLong(actual.substring(1)));
                    assertTrue(drift * scale <= RECORDING_DRIFT_MS, "line " + lineNo + ": " + line + " but got " + actual);
                    continue;
                }
                assertEquals(expected, actual, "line " + lineNo + ": " + command);
                replayed++;
            }
        }
        assertTrue(replayed > 6000, "the whole transcript ran: " + replayed);
    }

    private static boolean isExpireTime(String command) {
        return command.startsWith("EXPIRETIME ") || command.startsWith("PEXPIRETIME ");
    }

    /** Space-separated words; '...' quotes a word that is empty or contains spaces. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < command.length()) {
            if (command.charAt(i) == '\'') {
                int close = command.indexOf('\'', i + 1);
                words.add(command.substring(i + 1, close));
                i = close + 2;
            } else {
                int space = command.indexOf(' ', i);
                int end = space < 0 ? command.length() : space;
                words.add(command.substring(i, end));
                i = end + 1;
            }
        }
        return words;
    }
}
