package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SET and the commands built on its core: SETNX, SETEX, PSETEX, GETSET. Error texts checked against redis 7.0.15. */
class SetCommandTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void setThenGet() {
        assertEquals("(nil)", run("GET", "k"));
        assertEquals("+OK", run("SET", "k", "v"));
        assertEquals("\"v\"", run("GET", "k"));
        assertEquals("+OK", run("SET", "k", "w"));
        assertEquals("\"w\"", run("GET", "k"));
    }

    @Test
    void nxAndXx() {
        assertEquals("(nil)", run("SET", "k", "v", "XX"));
        assertEquals(":0", run("EXISTS", "k"));
        assertEquals("+OK", run("SET", "k", "v", "nx"));
        assertEquals("(nil)", run("SET", "k", "w", "NX"));
        assertEquals("\"v\"", run("GET", "k"));
        assertEquals("+OK", run("SET", "k", "w", "xx"));
        assertEquals("\"w\"", run("GET", "k"));
        assertEquals("+OK", run("SET", "k", "x", "XX", "XX"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NX XX", "XX NX", "KEEPTTL EX 10", "EX 10 KEEPTTL", "EX 10 PX 10", "PXAT 10 EXAT 10", "EX 10 EXAT 10",
            "PX 10 PXAT 10", "EX", "PX", "EXAT", "PXAT", "FOO", "GET FOO", "PERSIST", "NX EX", "EX 10 XX KEEPTTL",
    })
    void syntaxErrors(String options) {
        String[] words = ("SET k v " + options).split(" ");
        assertEquals("-ERR syntax error", run(words));
        assertEquals(":0", run("EXISTS", "k"), "nothing written");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EX 0", "EX -1", "PX 0", "PX -5", "EXAT 0", "PXAT 0", "PXAT -1",
            // seconds * 1000 would overflow
            "EX 9223372036854776", "EXAT 9223372036854776",
            // fits after * 1000, overflows once now is added
            "EX 9223372036854775", "PX 9223372036854775807",
    })
    void invalidExpireTime(String options) {
        String[] words = ("SET k v " + options).split(" ");
        assertEquals("-ERR invalid expire time in 'set' command", run(words));
        assertEquals(":0", run("EXISTS", "k"));
    }

    @Test
    void absoluteExpiriesUpToTheLimitAreAccepted() {
        assertEquals("+OK", run("SET", "k", "v", "EXAT", "9223372036854775"));
        assertEquals(":9223372036854775000", run("PEXPIRETIME", "k"));
        assertEquals("+OK", run("SET", "k", "v", "PXAT", "9223372036854775807"));
        assertEquals(":9223372036854775807", run("PEXPIRETIME", "k"));
    }

    @Test
    void expiryArgumentMustBeAnInteger() {
        assertEquals("-ERR value is not an integer or out of range", run("SET", "k", "v", "EX", "abc"));
        assertEquals("-ERR value is not an integer or out of range", run("SET", "k", "v", "PX", "1.5"));
        assertEquals("-ERR value is not an integer or out of range", run("SET", "k", "v", "EX", "99999999999999999999"));
    }

    @Test
    void expiryIsValidatedEvenWhenNxPreventsTheWrite() {
        run("SET", "k", "v");
        assertEquals("-ERR invalid expire time in 'set' command", run("SET", "k", "w", "NX", "EX", "0"));
    }

    @Test
    void everyExpiryKind() {
        long now = ctx.nowMillis();
        run("SET", "a", "v", "EX", "10");
        run("SET", "b", "v", "PX", "1500");
        run("SET", "c", "v", "EXAT", Long.toString(now / 1000 + 100));
        run("SET", "d", "v", "PXAT", Long.toString(now + 2500));
        assertEquals(":10000", run("PTTL", "a"));
        assertEquals(":1500", run("PTTL", "b"));
        assertEquals(":" + ((now / 1000 + 100) * 1000 - now), run("PTTL", "c"));
        assertEquals(":2500", run("PTTL", "d"));
        assertEquals(":" + (now + 2500), run("PEXPIRETIME", "d"));
    }

    @Test
    void repeatedExpiryOptionLastWins() {
        run("SET", "k", "v", "EX", "10", "EX", "20");
        assertEquals(":20", run("TTL", "k"));
    }

    @Test
    void plainSetDropsTheTtlAndKeepTtlKeepsIt() {
        run("SET", "k", "v", "EX", "100");
        run("SET", "k", "w", "KEEPTTL");
        assertEquals(":100", run("TTL", "k"));
        assertEquals("\"w\"", run("GET", "k"));
        run("SET", "k", "x");
        assertEquals(":-1", run("TTL", "k"));
        run("SET", "n", "v", "KEEPTTL");
        assertEquals(":-1", run("TTL", "n"), "KEEPTTL on a new key: no expiry");
    }

    @Test
    void anExpiryAlreadyPastLeavesNoKey() {
        run("SET", "k", "old");
        assertEquals("+OK", run("SET", "k", "v", "PXAT", "1"));
        assertEquals("(nil)", run("GET", "k"));
        assertEquals(":0", run("EXISTS", "k"));
        assertEquals("+OK", run("SET", "k", "v", "EXAT", Long.toString(ctx.nowMillis() / 1000)));
        assertEquals(":0", run("EXISTS", "k"));
    }

    @Test
    void expiresExactlyAtItsTime() {
        run("SET", "k", "v", "PX", "100");
        ctx.advance(99);
        assertEquals("\"v\"", run("GET", "k"));
        ctx.advance(1);
        assertEquals("(nil)", run("GET", "k"), "expiry equal to now counts as expired");
    }

    @Test
    void getOptionReturnsTheOldValue() {
        assertEquals("(nil)", run("SET", "k", "1", "GET"));
        assertEquals("\"1\"", run("SET", "k", "2", "GET"));
        assertEquals("\"2\"", run("SET", "k", "3", "get", "get"));
        assertEquals("\"3\"", run("GET", "k"));
    }

    @Test
    void getCombinesWithNxAndXx() {
        run("SET", "a", "2");
        assertEquals("\"2\"", run("SET", "a", "3", "NX", "GET"));
        assertEquals("\"2\"", run("GET", "a"), "NX saw the key: not written");
        assertEquals("\"2\"", run("SET", "a", "4", "XX", "GET"));
        assertEquals("\"4\"", run("GET", "a"));
        assertEquals("(nil)", run("SET", "nope", "1", "XX", "GET"));
        assertEquals(":0", run("EXISTS", "nope"));
        assertEquals("(nil)", run("SET", "fresh", "1", "NX", "GET"));
        assertEquals("\"1\"", run("GET", "fresh"));
        assertEquals("\"1\"", run("SET", "fresh", "2", "KEEPTTL", "GET"));
    }

    @Test
    void getOptionCountsAKeyspaceLookupPlainSetDoesNot() {
        run("SET", "a", "1");
        assertEquals(0, ctx.hits() + ctx.misses());
        run("SET", "a", "1", "GET");
        run("SET", "zz", "1", "GET");
        assertEquals(1, ctx.hits());
        assertEquals(1, ctx.misses());
    }

    @Test
    void setnx() {
        assertEquals(":1", run("SETNX", "k", "v"));
        assertEquals(":0", run("SETNX", "k", "w"));
        assertEquals("\"v\"", run("GET", "k"));
        run("PEXPIRE", "k", "10");
        ctx.advance(10);
        assertEquals(":1", run("SETNX", "k", "x"), "an expired key counts as absent");
        assertEquals(":-1", run("TTL", "k"));
    }

    @Test
    void setexAndPsetex() {
        assertEquals("+OK", run("SETEX", "k", "10", "v"));
        assertEquals(":10", run("TTL", "k"));
        assertEquals("\"v\"", run("GET", "k"));
        assertEquals("+OK", run("PSETEX", "p", "1500", "v"));
        assertEquals(":1500", run("PTTL", "p"));
        assertEquals(":2", run("TTL", "p"), "1.5 s rounds to 2");
        assertEquals("-ERR invalid expire time in 'setex' command", run("SETEX", "k", "0", "v"));
        assertEquals("-ERR invalid expire time in 'psetex' command", run("PSETEX", "k", "-5", "v"));
        assertEquals("-ERR value is not an integer or out of range", run("SETEX", "k", "abc", "v"));
        assertEquals("-ERR invalid expire time in 'setex' command", run("SETEX", "k", "9223372036854776", "v"));
    }

    @Test
    void getsetReturnsOldValueAndDropsTheTtl() {
        assertEquals("(nil)", run("GETSET", "k", "1"));
        run("EXPIRE", "k", "100");
        assertEquals("\"1\"", run("GETSET", "k", "2"));
        assertEquals("\"2\"", run("GET", "k"));
        assertEquals(":-1", run("TTL", "k"));
    }

    @Test
    void arity() {
        assertEquals("-ERR wrong number of arguments for 'set' command", run("SET", "k"));
        assertEquals("-ERR wrong number of arguments for 'get' command", run("GET"));
        assertEquals("-ERR wrong number of arguments for 'get' command", run("GET", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'setnx' command", run("SETNX", "k"));
        assertEquals("-ERR wrong number of arguments for 'setex' command", run("SETEX", "k", "1"));
        assertEquals("-ERR wrong number of arguments for 'getset' command", run("GETSET", "k"));
    }
}
