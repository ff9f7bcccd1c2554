package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME, RENAMENX, RANDOMKEY, KEYS. */
class KeyCommandsTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void delAndUnlinkCountRemovedKeysOnce() {
        run("MSET", "a", "1", "b", "2", "c", "3");
        assertEquals(":2", run("DEL", "a", "b", "a", "nokey"));
        assertEquals(":1", run("UNLINK", "c", "c"));
        assertEquals(":0", run("EXISTS", "a", "b", "c"));
    }

    @Test
    void delDoesNotCountAnExpiredKey() {
        run("SET", "a", "1", "PX", "5");
        ctx.advance(5);
        assertEquals(":0", run("DEL", "a"));
    }

    @Test
    void existsAndTouchCountEveryMention() {
        run("MSET", "a", "1", "b", "2");
        assertEquals(":3", run("EXISTS", "a", "a", "b", "nokey"));
        assertEquals(":3", run("TOUCH", "a", "a", "b", "nokey"));
        assertEquals(6, ctx.hits());
        assertEquals(2, ctx.misses());
    }

    @Test
    void type() {
        run("SET", "a", "");
        assertEquals("+string", run("TYPE", "a"));
        assertEquals("+none", run("TYPE", "nokey"));
    }

    @Test
    void renameMovesValueAndTtl() {
        run("SET", "a", "v", "EX", "100");
        run("SET", "b", "old");
        assertEquals("+OK", run("RENAME", "a", "b"));
        assertEquals(":0", run("EXISTS", "a"));
        assertEquals("\"v\"", run("GET", "b"));
        assertEquals(":100", run("TTL", "b"));
        assertEquals("+OK", run("RENAME", "b", "c"));
        assertEquals(":100", run("TTL", "c"));
        run("SET", "p", "x");
        run("SET", "q", "y", "EX", "5");
        assertEquals("+OK", run("RENAME", "p", "q"));
        assertEquals(":-1", run("TTL", "q"), "the target takes the source's (absent) expiry");
    }

    @Test
    void renameErrorsAndSameKey() {
        assertEquals("-ERR no such key", run("RENAME", "nokey", "x"));
        assertEquals("-ERR no such key", run("RENAME", "nokey", "nokey"));
        assertEquals("-ERR no such key", run("RENAMENX", "nokey", "nokey"));
        run("SET", "a", "1", "EX", "10");
        assertEquals("+OK", run("RENAME", "a", "a"));
        assertEquals(":0", run("RENAMENX", "a", "a"));
        assertEquals("\"1\"", run("GET", "a"));
        assertEquals(":10", run("TTL", "a"));
        ctx.advance(10_000);
        assertEquals("-ERR no such key", run("RENAME", "a", "b"), "an expired source is missing");
        assertEquals(0, ctx.hits() + ctx.misses() - 2, "RENAME's lookups are writes: only GET and TTL counted");
    }

    @Test
    void renamenx() {
        run("MSET", "a", "1", "b", "2");
        assertEquals(":0", run("RENAMENX", "a", "b"));
        assertEquals("[\"1\", \"2\"]", run("MGET", "a", "b"));
        assertEquals(":1", run("RENAMENX", "a", "c"));
        assertEquals("[(nil), \"2\", \"1\"]", run("MGET", "a", "b", "c"));
        run("SET", "d", "x", "PX", "5");
        ctx.advance(5);
        assertEquals(":1", run("RENAMENX", "c", "d"), "an expired target is absent");
        assertEquals("\"1\"", run("GET", "d"));
    }

    @Test
    void randomkey() {
        assertEquals("(nil)", run("RANDOMKEY"));
        Set<String> stored = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            run("SET", "k" + i, "v");
            stored.add("\"k" + i + "\"");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(run("RANDOMKEY"));
        }
        assertTrue(stored.containsAll(seen), seen.toString());
        assertTrue(seen.size() > 1, "random, not always the same key: " + seen);
    }

    @Test
    void randomkeyNeverReturnsAnExpiredKey() {
        run("SET", "gone", "1", "PX", "5");
        run("SET", "live", "1");
        ctx.advance(5);
        for (int i = 0; i < 50; i++) {
            String r = run("RANDOMKEY");
            assertTrue(r.equals("\"live\"") || r.equals("(nil)"), r);
        }
    }

    @Test
    void keysMatchesGlobs() {
        run("MSET", "user:1", "a", "user:2", "b", "user:10", "c", "other", "d", "", "e");
        assertEquals(sorted("\"user:1\"", "\"user:10\"", "\"user:2\""), elementsOf(run("KEYS", "user:*")));
        assertEquals(sorted("\"user:1\"", "\"user:2\""), elementsOf(run("KEYS", "user:?")));
        assertEquals(5, run("KEYS", "*").split(", ").length);
        assertEquals("[\"\"]", run("KEYS", ""), "the empty pattern matches the empty key");
        assertEquals("[]", run("KEYS", "nomatch*"));
        assertEquals(sorted("\"other\""), elementsOf(run("KEYS", "[o]th*")));
    }

    @Test
    void keysSkipsExpiredKeys() {
        run("SET", "a", "1", "PX", "5");
        run("SET", "b", "1");
        ctx.advance(5);
        assertEquals("[\"b\"]", run("KEYS", "*"));
    }

    private static List<String> sorted(String... elements) {
        return List.of(elements).stream().sorted().toList();
    }

    private static List<String> elementsOf(String arrayReply) {
        String body = arrayReply.substring(1, arrayReply.length() - 1);
        return List.of(body.split(", ")).stream().sorted().toList();
    }
}
