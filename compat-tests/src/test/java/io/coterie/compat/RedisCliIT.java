package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RawConnection;
import io.coterie.compat.harness.RedisCli;
import io.coterie.compat.harness.RedisCli.Result;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real redis-cli binary: one-shot commands, stdin scripts, --pipe mass insert (RESP and inline), --scan, INFO. */
class RedisCliIT extends OneServerPerClass {

    private static final int PIPE_KEYS = 20_000;
    private static final Pattern PIPE_SUMMARY = Pattern.compile("errors: (\\d+), replies: (\\d+)");
    private static final Pattern KEYSPACE = Pattern.compile("(?m)^db0:keys=(\\d+),expires=(\\d+),avg_ttl=\\d+\\r?$");

    private RedisCli cli;

    @BeforeAll
    void cli() {
        cli = new RedisCli(server);
    }

    @Test
    void oneShotCommands() {
        assertOutput("OK", cli.run("SET", "k", "hello world"));
        assertOutput("hello world", cli.run("GET", "k"));
        assertOutput("1", cli.run("EXISTS", "k"));
        assertOutput("", cli.run("GET", "missing"));
        assertOutput("ERR value is not an integer or out of range", cli.run("INCR", "k"));
        assertOutput("ERR unknown command 'nosuch', with args beginning with: 'x' ", cli.run("nosuch", "x"));
        assertOutput("PONG", cli.run("PING"));
    }

    @Test
    void valueFromStdinWithDashX() {
        assertOutput("OK", cli.runWithInput("piped\nvalue".getBytes(StandardCharsets.UTF_8), "-x", "SET", "x"));
        assertOutput("piped\nvalue", cli.run("GET", "x"));
    }

    @Test
    void commandsReadFromStdin() {
        String script = "SET a 1\nINCRBY a 41\nGET a\nSET \"spaced key\" \"two words\"\nGET \"spaced key\"\n";
        Result result = cli.runWithInput(script.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("OK\n42\n42\nOK\ntwo words", result.trimmed());
    }

    @Test
    void pipeMassInsertOfRespCommands() {
        ByteArrayOutputStream resp = new ByteArrayOutputStream();
        for (int i = 0; i < PIPE_KEYS; i++) {
            resp.writeBytes(RawConnection.encode("SET", "pipe:" + i, "value-" + i));
        }
        assertPipe(PIPE_KEYS, cli.runWithInput(resp.toByteArray(), "--pipe"));
        assertOutput(Integer.toString(PIPE_KEYS), cli.run("DBSIZE"));
        assertOutput("value-12345", cli.run("GET", "pipe:12345"));
        assertKeyspace(PIPE_KEYS, 0);
    }

    @Test
    void pipeOfInlineCommands() {
        String inline = "SET inline:1 one\r\nSET inline:2 two\r\nINCR inline:counter\r\nINCR inline:counter\r\n";
        assertPipe(4, cli.runWithInput(inline.getBytes(StandardCharsets.US_ASCII), "--pipe"));
        assertOutput("one", cli.run("GET", "inline:1"));
        assertOutput("2", cli.run("GET", "inline:counter"));
    }

    @Test
    void scanModeListsEveryMatchingKey() {
        Set<String> expected = new HashSet<>();
        ByteArrayOutputStream resp = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            String key = (i % 2 == 0 ? "even:" : "odd:") + i;
            resp.writeBytes(RawConnection.encode("SET", key, "v"));
            if (i % 2 == 0) {
                expected.add(key);
            }
        }
        assertPipe(500, cli.runWithInput(resp.toByteArray(), "--pipe"));
        Result scan = cli.run("--scan", "--pattern", "even:*");
        assertEquals(0, scan.exitCode(), scan.stderr());
        assertEquals(expected, new HashSet<>(scan.trimmed().lines().toList()));
    }

    @Test
    void infoKeyspaceParses() {
        assertOutput("OK", cli.run("MSET", "a", "1", "b", "2", "c", "3"));
        assertOutput("1", cli.run("EXPIRE", "a", "100"));
        assertKeyspace(3, 1);
    }

    private void assertKeyspace(int keys, int expires) {
        Result info = cli.run("INFO", "keyspace");
        assertEquals(0, info.exitCode(), info.stderr());
        Matcher db0 = KEYSPACE.matcher(info.stdout());
        assertTrue(db0.find(), "no db0 line in INFO keyspace:\n" + info.stdout());
        assertEquals(keys, Integer.parseInt(db0.group(1)), info.stdout());
        assertEquals(expires, Integer.parseInt(db0.group(2)), info.stdout());
    }

    private static void assertPipe(int replies, Result result) {
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        Matcher summary = PIPE_SUMMARY.matcher(result.stdout());
        assertTrue(summary.find(), "no --pipe summary in: " + result.stdout());
        assertEquals(0, Integer.parseInt(summary.group(1)), "errors in --pipe: " + result.stdout());
        assertEquals(replies, Integer.parseInt(summary.group(2)));
    }

    private static void assertOutput(String expected, Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(expected, result.trimmed());
    }
}
