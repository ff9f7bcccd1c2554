package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import org.junit.jupiter.api.Test;

class MultiKeyStringTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void msetAndMget() {
        assertEquals("+OK", run("MSET", "a", "1", "b", "2", "a", "3"));
        assertEquals("[\"3\", \"2\", (nil), \"3\"]", run("MGET", "a", "b", "c", "a"));
        assertEquals(3, ctx.hits());
        assertEquals(1, ctx.misses());
    }

    @Test
    void msetDropsExpiries() {
        run("SET", "a", "1", "EX", "100");
        run("MSET", "a", "2");
        assertEquals(":-1", run("TTL", "a"));
    }

    @Test
    void msetWithAnOddNumberOfArgumentsIsAnArityError() {
        assertEquals("-ERR wrong number of arguments for 'mset' command", run("MSET", "a"));
        assertEquals("-ERR wrong number of arguments for 'mset' command", run("MSET", "a", "1", "b"));
        assertEquals("-ERR wrong number of arguments for 'msetnx' command", run("MSETNX", "a", "1", "b"));
        assertEquals(":0", run("EXISTS", "a"));
    }

    @Test
    void msetnxWritesAllOrNothing() {
        assertEquals(":1", run("MSETNX", "a", "1", "b", "2"));
        assertEquals(":0", run("MSETNX", "c", "3", "b", "9"));
        assertEquals("[\"1\", \"2\", (nil)]", run("MGET", "a", "b", "c"));
        assertEquals(":1", run("MSETNX", "x", "1", "x", "2"), "a key repeated in one call is still absent");
        assertEquals("\"2\"", run("GET", "x"));
    }

    @Test
    void msetnxTreatsExpiredKeysAsAbsent() {
        run("SET", "a", "1", "PX", "10");
        ctx.advance(10);
        assertEquals(":1", run("MSETNX", "a", "2"));
        assertEquals("\"2\"", run("GET", "a"));
    }

    @Test
    void mgetNeverReturnsExpiredValues() {
        run("SET", "a", "1", "PX", "10");
        run("SET", "b", "2");
        ctx.advance(10);
        assertEquals("[(nil), \"2\"]", run("MGET", "a", "b"));
    }
}
