package io.coterie.compat;

import static io.coterie.compat.StringCommandsIT.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The key commands through Lettuce's synchronous API (after its HELLO 3 / RESP2 fallback handshake). */
class KeyCommandsIT extends OneServerPerClass {

    /** More than any single SCAN page, so iterating to completion is exercised. */
    private static final int SCAN_KEYS = 1500;
    private static final int SCAN_ROUNDS_MAX = 10_000;

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeAll
    void connect() {
        client = Clients.lettuce(server);
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    void disconnect() {
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void delUnlinkExistsType() {
        redis.mset(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
        assertEquals(3L, redis.exists("a", "b", "a", "nope"), "EXISTS counts a key once per mention");
        assertEquals("string", redis.type("a"));
        assertEquals("none", redis.type("nope"));
        assertEquals(2L, redis.del("a", "b", "nope"));
        assertEquals(2L, redis.unlink("c", "d", "nope"));
        assertEquals(0L, redis.exists("a", "b", "c", "d"));
        assertEquals(0L, redis.del("a"));
    }

    @Test
    void relativeExpiry() {
        redis.set("k", "v");
        assertEquals(-1L, redis.ttl("k"));
        assertEquals(-1L, redis.pttl("k"));
        assertEquals(-2L, redis.ttl("nope"));
        assertEquals(-2L, redis.pttl("nope"));
        assertTrue(redis.expire("k", 100));
        assertBetween(99, 100, redis.ttl("k"));
        assertTrue(redis.pexpire("k", 50_000));
        assertBetween(49_000, 50_000, redis.pttl("k"));
        assertFalse(redis.expire("nope", 100));
        assertFalse(redis.expire("k", 10, ExpireArgs.Builder.nx()), "NX: the key already has a TTL");
        assertTrue(redis.expire("k", 10, ExpireArgs.Builder.xx()));
        assertTrue(redis.persist("k"));
        assertFalse(redis.persist("k"), "nothing left to persist");
        assertEquals(-1L, redis.ttl("k"));
        assertTrue(redis.expire("k", 0), "a zero TTL deletes");
        assertEquals(0L, redis.exists("k"));
        assertErr("ERR value is not an integer or out of range", 
                () -> redis.dispatch(CommandType.EXPIRE, new IntegerOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).addKey("k").add("abc")));
    }

    @Test
    void absoluteExpiry() {
        redis.set("k", "v");
        assertEquals(-1L, redis.expiretime("k"));
        assertEquals(-2L, redis.expiretime("nope"));
        assertEquals(-1L, redis.pexpiretime("k"));
        long atSeconds = System.currentTimeMillis() / 1000 + 1000;
        assertTrue(redis.expireat("k", atSeconds));
        assertEquals(atSeconds, redis.expiretime("k"));
        assertEquals(atSeconds * 1000, redis.pexpiretime("k"));
        long atMillis = System.currentTimeMillis() + 500_000;
        assertTrue(redis.pexpireat("k", atMillis));
        assertEquals(atMillis, redis.pexpiretime("k"));
        assertEquals((atMillis + 500) / 1000, redis.expiretime("k"), "EXPIRETIME rounds to the nearest second");
        assertTrue(redis.pexpireat("k", 1), "a time in the past deletes");
        assertNull(redis.get("k"));
    }

    @Test
    void keysMatchesGlobs() {
        redis.mset(Map.of("hello", "1", "hallo", "2", "hxllo", "3", "user:1", "4", "user:22", "5", "other", "6"));
        assertEquals(Set.of("hello", "hallo", "hxllo", "user:1", "user:22", "other"), new HashSet<>(redis.keys("*")));
        assertEquals(Set.of("hello", "hallo"), new HashSet<>(redis.keys("h[ae]llo")));
        assertEquals(Set.of("hello", "hallo", "hxllo"), new HashSet<>(redis.keys("h?llo")));
        assertEquals(Set.of("user:1", "user:22"), new HashSet<>(redis.keys("user:*")));
        assertEquals(Set.of("hallo", "hxllo"), new HashSet<>(redis.keys("h[^e]llo")));
        assertEquals(List.of(), redis.keys("nomatch*"));
    }

    @Test
    void scanIteratesToCompletion() {
        Map<String, String> all = new HashMap<>();
        for (int i = 0; i < SCAN_KEYS; i++) {
            all.put((i % 3 == 0 ? "user:" : "item:") + i, Integer.toString(i));
        }
        redis.mset(all);
        Set<String> users = new HashSet<>();
        all.keySet().stream().filter(k -> k.startsWith("user:")).forEach(users::add);

        assertEquals(all.keySet(), scanAll(new KeyScanArgs().limit(100)));
        assertEquals(users, scanAll(KeyScanArgs.Builder.matches("user:*").limit(50)));
        assertEquals(all.keySet(), scanAll(KeyScanArgs.Builder.type("string").limit(200)));
        assertEquals(Set.of(), scanAll(KeyScanArgs.Builder.type("list")));
        assertEquals(users, scanAll(KeyScanArgs.Builder.type("string").match("user:*").limit(1000)));
    }

    /** SCAN from cursor 0 until it returns 0; every key seen (duplicates are allowed, as in Redis). */
    private Set<String> scanAll(KeyScanArgs args) {
        Set<String> seen = new HashSet<>();
        KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, args);
        int rounds = 1;
        seen.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            assertTrue(++rounds <= SCAN_ROUNDS_MAX, "SCAN did not finish in " + SCAN_ROUNDS_MAX + " rounds");
            cursor = redis.scan(cursor, args);
            seen.addAll(cursor.getKeys());
        }
        return seen;
    }

    @Test
    void randomkey() {
        assertNull(redis.randomkey());
        redis.mset(Map.of("r1", "1", "r2", "2", "r3", "3"));
        for (int i = 0; i < 20; i++) {
            assertTrue(Set.of("r1", "r2", "r3").contains(redis.randomkey()));
        }
    }

    @Test
    void renameAndRenamenx() {
        redis.set("src", "v");
        redis.expire("src", 100);
        assertEquals("OK", redis.rename("src", "dst"));
        assertNull(redis.get("src"));
        assertEquals("v", redis.get("dst"));
        assertBetween(99, 100, redis.ttl("dst"));
        assertErr("ERR no such key", () -> redis.rename("src", "x"));
        redis.set("other", "o");
        assertFalse(redis.renamenx("dst", "other"));
        assertEquals("v", redis.get("dst"));
        assertTrue(redis.renamenx("dst", "fresh"));
        assertEquals("v", redis.get("fresh"));
        assertEquals("OK", redis.rename("fresh", "fresh"), "renaming onto itself succeeds");
        assertFalse(redis.renamenx("fresh", "fresh"));
        assertEquals("OK", redis.rename("fresh", "other"), "RENAME overwrites");
        assertEquals("v", redis.get("other"));
    }

    @Test
    void touch() {
        redis.mset(Map.of("t1", "1", "t2", "2"));
        assertEquals(2L, redis.touch("t1", "t2", "nope"));
        assertEquals(0L, redis.touch("nope"));
    }

    private static void assertErr(String message, Executable call) {
        RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, call);
        assertEquals(message, e.getMessage());
    }
}
