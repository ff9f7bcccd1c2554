package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.Clients;
import io.coterie.compat.harness.OneServerPerClass;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

/**
 * The string commands through Jedis's pooled client, with Redis's exact replies and errors.
 * Deprecation is suppressed because Jedis 7.5 deprecates its methods for SETNX, SETEX, PSETEX and
 * GETSET (Redis's own legacy commands, which Coterie serves) and its raw sendCommand.
 */
@SuppressWarnings("deprecation")
class StringCommandsIT extends OneServerPerClass {

    private RedisClient jedis;

    @BeforeAll
    void connect() {
        jedis = Clients.jedis(server);
    }

    @AfterAll
    void disconnect() {
        if (jedis != null) {
            jedis.close();
        }
    }

    @Test
    void setAndGet() {
        assertNull(jedis.get("s"));
        assertEquals("OK", jedis.set("s", "v1"));
        assertEquals("v1", jedis.get("s"));
        assertEquals("OK", jedis.set("s", "v2"));
        assertEquals("v2", jedis.get("s"));
        assertEquals(-1, jedis.ttl("s"));
    }

    @Test
    void setWithRelativeAndAbsoluteExpiry() {
        jedis.set("ex", "v", SetParams.setParams().ex(100));
        assertBetween(99, 100, jedis.ttl("ex"));
        jedis.set("px", "v", SetParams.setParams().px(100_000));
        assertBetween(99_000, 100_000, jedis.pttl("px"));
        long inOneHourSeconds = System.currentTimeMillis() / 1000 + 3600;
        jedis.set("exat", "v", SetParams.setParams().exAt(inOneHourSeconds));
        assertEquals(inOneHourSeconds, jedis.expireTime("exat"));
        long inOneHourMillis = System.currentTimeMillis() + 3_600_000;
        jedis.set("pxat", "v", SetParams.setParams().pxAt(inOneHourMillis));
        assertEquals(inOneHourMillis, jedis.pexpireTime("pxat"));
        jedis.set("past", "v", SetParams.setParams().pxAt(1));
        assertNull(jedis.get("past"), "an absolute time in the past deletes at once");
        jedis.set("ex", "v2");
        assertEquals(-1, jedis.ttl("ex"), "a plain SET clears the TTL");
    }

    @Test
    void setNxXxKeepttlGet() {
        assertEquals(null, jedis.set("k", "v", SetParams.setParams().xx()), "XX on a missing key does nothing");
        assertNull(jedis.get("k"));
        assertEquals("OK", jedis.set("k", "v1", SetParams.setParams().nx()));
        assertEquals(null, jedis.set("k", "v2", SetParams.setParams().nx()), "NX on an existing key does nothing");
        assertEquals("OK", jedis.set("k", "v3", SetParams.setParams().xx().ex(100)));
        assertEquals("v3", jedis.get("k"));
        assertEquals("OK", jedis.set("k", "v4", SetParams.setParams().keepTtl()));
        assertBetween(99, 100, jedis.ttl("k"));
        assertEquals("v4", jedis.setGet("k", "v5"));
        assertEquals("v5", jedis.get("k"));
        assertNull(jedis.setGet("fresh", "v"));
        assertEquals("v", jedis.get("fresh"));
    }

    @Test
    void setRejectsBadOptions() {
        assertErr("ERR syntax error", () -> jedis.sendCommand(Cmd.SET, "k", "v", "NX", "XX"));
        assertErr("ERR syntax error", () -> jedis.sendCommand(Cmd.SET, "k", "v", "EX", "10", "PX", "100"));
        assertErr("ERR syntax error", () -> jedis.sendCommand(Cmd.SET, "k", "v", "KEEPTTL", "EX", "1"));
        assertErr("ERR syntax error", () -> jedis.sendCommand(Cmd.SET, "k", "v", "BADOPT"));
        assertErr("ERR invalid expire time in 'set' command", () -> jedis.sendCommand(Cmd.SET, "k", "v", "EX", "0"));
        assertErr("ERR invalid expire time in 'set' command", () -> jedis.sendCommand(Cmd.SET, "k", "v", "PX", "-5"));
        assertErr("ERR value is not an integer or out of range", () -> jedis.sendCommand(Cmd.SET, "k", "v", "EX", "abc"));
        assertErr("ERR wrong number of arguments for 'set' command", () -> jedis.sendCommand(Cmd.SET, "k"));
        assertNull(jedis.get("k"), "a refused SET writes nothing");
    }

    @Test
    void setnxSetexPsetex() {
        assertEquals(1, jedis.setnx("n", "a"));
        assertEquals(0, jedis.setnx("n", "b"));
        assertEquals("a", jedis.get("n"));
        assertEquals("OK", jedis.setex("se", 100, "v"));
        assertBetween(99, 100, jedis.ttl("se"));
        assertEquals("OK", jedis.psetex("pse", 100_000, "v"));
        assertBetween(99_000, 100_000, jedis.pttl("pse"));
        assertErr("ERR invalid expire time in 'setex' command", () -> jedis.setex("se", 0, "v"));
        assertErr("ERR invalid expire time in 'psetex' command", () -> jedis.psetex("pse", 0, "v"));
    }

    @Test
    void getsetGetdelGetex() {
        assertNull(jedis.getSet("g", "1"));
        assertEquals("1", jedis.getSet("g", "2"));
        assertEquals("2", jedis.getDel("g"));
        assertNull(jedis.getDel("g"));
        assertNull(jedis.get("g"));

        jedis.set("x", "v");
        assertEquals("v", jedis.getEx("x", GetExParams.getExParams().ex(100)));
        assertBetween(99, 100, jedis.ttl("x"));
        assertEquals("v", jedis.getEx("x", GetExParams.getExParams().persist()));
        assertEquals(-1, jedis.ttl("x"));
        assertEquals("v", jedis.getEx("x", GetExParams.getExParams().px(50_000)));
        assertBetween(49_000, 50_000, jedis.pttl("x"));
        long at = System.currentTimeMillis() / 1000 + 500;
        assertEquals("v", jedis.getEx("x", GetExParams.getExParams().exAt(at)));
        assertEquals(at, jedis.expireTime("x"));
        assertNull(jedis.getEx("missing", GetExParams.getExParams().ex(10)));
        assertErr("ERR invalid expire time in 'getex' command", () -> jedis.sendCommand(Cmd.GETEX, "x", "EX", "0"));
        assertErr("ERR syntax error", () -> jedis.sendCommand(Cmd.GETEX, "x", "PERSIST", "EX", "1"));
    }

    @Test
    void msetMgetMsetnx() {
        assertEquals("OK", jedis.mset("a", "1", "b", "2", "c", "3"));
        assertEquals(Arrays.asList("1", "2", null, "3"), jedis.mget("a", "b", "nope", "c"));
        assertEquals(0, jedis.msetnx("c", "x", "d", "4"), "MSETNX sets nothing if any key exists");
        assertNull(jedis.get("d"));
        assertEquals(1, jedis.msetnx("d", "4", "e", "5"));
        assertEquals(Arrays.asList("4", "5"), jedis.mget("d", "e"));
        assertErr("ERR wrong number of arguments for 'mset' command", () -> jedis.sendCommand(Cmd.MSET, "a", "1", "b"));
    }

    @Test
    void appendStrlenGetrangeSetrange() {
        assertEquals(5, jedis.append("s", "Hello"));
        assertEquals(11, jedis.append("s", " World"));
        assertEquals(11, jedis.strlen("s"));
        assertEquals(0, jedis.strlen("missing"));
        assertEquals("Hello", jedis.getrange("s", 0, 4));
        assertEquals("World", jedis.getrange("s", -5, -1));
        assertEquals("Hello World", jedis.getrange("s", 0, 100));
        assertEquals("", jedis.getrange("s", 5, 2));
        assertEquals("", jedis.getrange("missing", 0, 10));
        assertEquals(11, jedis.setrange("s", 6, "Redis"));
        assertEquals("Hello Redis", jedis.get("s"));
        assertEquals(8, jedis.setrange("pad", 5, "abc"));
        assertEquals("\0\0\0\0\0abc", jedis.get("pad"), "SETRANGE pads with zero bytes");
        assertEquals(0, jedis.setrange("empty", 0, ""));
        assertNull(jedis.get("empty"), "SETRANGE with an empty value creates nothing");
        assertErr("ERR offset is out of range", () -> jedis.setrange("s", -1, "x"));
        assertErr("ERR value is not an integer or out of range", () -> jedis.sendCommand(Cmd.GETRANGE, "s", "a", "b"));
    }

    @Test
    void counters() {
        assertEquals(1, jedis.incr("c"));
        assertEquals(11, jedis.incrBy("c", 10));
        assertEquals(10, jedis.decr("c"));
        assertEquals(-5, jedis.decrBy("c", 15));
        assertEquals("-5", jedis.get("c"));
        assertEquals(-1, jedis.decr("fresh"));
        assertEquals(1.5, jedis.incrByFloat("f", 1.5));
        assertEquals(1001.5, jedis.incrByFloat("f", 1e3));
        jedis.set("f2", "10.50");
        assertEquals(10.6, jedis.incrByFloat("f2", 0.1), 1e-9);
        assertEquals("10.6", jedis.get("f2"), "INCRBYFLOAT stores the shortest decimal form");
        jedis.set("ttl", "1", SetParams.setParams().ex(100));
        jedis.incr("ttl");
        assertBetween(99, 100, jedis.ttl("ttl"));
    }

    @Test
    void counterErrors() {
        jedis.set("text", "abc");
        assertErr("ERR value is not an integer or out of range", () -> jedis.incr("text"));
        assertErr("ERR value is not an integer or out of range", () -> jedis.sendCommand(Cmd.INCRBY, "c", "x"));
        assertErr("ERR value is not a valid float", () -> jedis.incrByFloat("text", 1));
        assertErr("ERR value is not a valid float", () -> jedis.sendCommand(Cmd.INCRBYFLOAT, "c", "abc"));
        jedis.set("max", Long.toString(Long.MAX_VALUE));
        assertErr("ERR increment or decrement would overflow", () -> jedis.incr("max"));
        assertErr("ERR increment or decrement would overflow", () -> jedis.incrBy("max", 1));
        jedis.set("min", Long.toString(Long.MIN_VALUE));
        assertErr("ERR increment or decrement would overflow", () -> jedis.decr("min"));
        assertErr("ERR decrement would overflow", () -> jedis.sendCommand(Cmd.DECRBY, "min", "-9223372036854775808"));
        assertEquals(Long.toString(Long.MAX_VALUE), jedis.get("max"), "a refused increment leaves the value");
        assertEquals("abc", jedis.get("text"));
    }

    static void assertBetween(long low, long high, long actual) {
        assertTrue(actual >= low && actual <= high, actual + " not in [" + low + ", " + high + "]");
    }

    static void assertErr(String message, Executable call) {
        JedisDataException e = assertThrows(JedisDataException.class, call);
        assertEquals(message, e.getMessage());
    }

    /** Raw commands for argument combinations Jedis's typed API will not build. */
    enum Cmd implements redis.clients.jedis.commands.ProtocolCommand {
        SET, GETEX, MSET, GETRANGE, INCRBY, INCRBYFLOAT, DECRBY;

        @Override
        public byte[] getRaw() {
            return name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
