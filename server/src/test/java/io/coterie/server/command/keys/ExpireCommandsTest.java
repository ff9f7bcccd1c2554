package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST; texts from redis 7.0.15. */
class ExpireCommandsTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void missingKeys() {
        assertEquals(":0", run("EXPIRE", "nokey", "10"));
        assertEquals(":-2", run("TTL", "nokey"));
        assertEquals(":-2", run("PTTL", "nokey"));
        assertEquals(":-2", run("EXPIRETIME", "nokey"));
        assertEquals(":-2", run("PEXPIRETIME", "nokey"));
        assertEquals(":0", run("PERSIST", "nokey"));
    }

    @Test
    void keyWithoutExpiry() {
        run("SET", "k", "v");
        assertEquals(":-1", run("TTL", "k"));
        assertEquals(":-1", run("PTTL", "k"));
        assertEquals(":-1", run("EXPIRETIME", "k"));
        assertEquals(":-1", run("PEXPIRETIME", "k"));
        assertEquals(":0", run("PERSIST", "k"));
    }

    @Test
    void everyExpireCommand() {
        long now = ctx.nowMillis();
        run("MSET", "a", "1", "b", "1", "c", "1", "d", "1");
        assertEquals(":1", run("EXPIRE", "a", "10"));
        assertEquals(":1", run("PEXPIRE", "b", "1500"));
        assertEquals(":1", run("EXPIREAT", "c", Long.toString(now / 1000 + 100)));
        assertEquals(":1", run("PEXPIREAT", "d", Long.toString(now + 2345)));
        assertEquals(":10000", run("PTTL", "a"));
        assertEquals(":1500", run("PTTL", "b"));
        assertEquals(":" + (now / 1000 + 100), run("EXPIRETIME", "c"));
        assertEquals(":" + (now + 2345), run("PEXPIRETIME", "d"));
        assertEquals("\"1\"", run("GET", "d"), "the value is untouched");
    }

    @ParameterizedTest(name = "{0} ms left -> TTL {1}")
    @CsvSource({"1,0", "499,0", "500,1", "1499,1", "1500,2", "10000,10"})
    void ttlRoundsToTheNearestSecond(long msLeft, long ttl) {
        run("SET", "k", "v", "PX", Long.toString(msLeft));
        assertEquals(":" + ttl, run("TTL", "k"));
        assertEquals(":" + msLeft, run("PTTL", "k"));
    }

    @Test
    void expiretimeRoundsAndDoesNotOverflow() {
        run("SET", "k", "v");
        run("PEXPIREAT", "k", "99999999999500");
        assertEquals(":100000000000", run("EXPIRETIME", "k"));
        run("PEXPIREAT", "k", "9223372036854775807");
        assertEquals(":9223372036854776", run("EXPIRETIME", "k"));
        assertEquals(":9223372036854775807", run("PEXPIRETIME", "k"));
        run("EXPIREAT", "k", "9223372036854775");
        assertEquals(":9223372036854775", run("EXPIRETIME", "k"));
    }

    @Test
    void aTimeAtOrBeforeNowDeletesTheKey() {
        run("MSET", "a", "1", "b", "1", "c", "1", "d", "1");
        assertEquals(":1", run("EXPIRE", "a", "0"));
        assertEquals(":1", run("PEXPIRE", "b", "-1"));
        assertEquals(":1", run("PEXPIREAT", "c", Long.toString(ctx.nowMillis())));
        assertEquals(":1", run("EXPIREAT", "d", "-9223372036854775"));
        assertEquals(":0", run("EXISTS", "a", "b", "c", "d"));
    }

    @Test
    void theClockExpiresKeysExactlyAtTheirTime() {
        run("SET", "k", "v");
        run("PEXPIRE", "k", "1000");
        ctx.advance(999);
        assertEquals(":1", run("PTTL", "k"));
        assertEquals(":0", run("TTL", "k"));
        ctx.advance(1);
        assertEquals(":-2", run("PTTL", "k"));
        assertEquals(":0", run("PERSIST", "k"));
        assertEquals(":0", run("EXPIRE", "k", "100"));
    }

    @Test
    void persistRemovesTheExpiry() {
        run("SET", "k", "v", "EX", "100");
        assertEquals(":1", run("PERSIST", "k"));
        assertEquals(":-1", run("TTL", "k"));
        ctx.advance(200_000);
        assertEquals("\"v\"", run("GET", "k"));
    }

    @Test
    void nxXxGtLt() {
        run("SET", "a", "1");
        assertEquals(":0", run("EXPIRE", "a", "100", "XX"), "XX needs an expiry");
        assertEquals(":0", run("EXPIRE", "a", "100", "GT"), "no expiry is infinite: never greater");
        assertEquals(":1", run("EXPIRE", "a", "100", "LT"), "anything is less than infinite");
        assertEquals(":0", run("EXPIRE", "a", "50", "NX"));
        assertEquals(":1", run("EXPIRE", "a", "50", "xx"));
        assertEquals(":0", run("EXPIRE", "a", "50", "GT"), "equal is not greater");
        assertEquals(":0", run("EXPIRE", "a", "50", "LT"), "equal is not less");
        assertEquals(":1", run("PEXPIRE", "a", "60000", "GT"));
        assertEquals(":1", run("PEXPIRE", "a", "40000", "LT"));
        assertEquals(":1", run("PEXPIRE", "a", "45000", "XX", "GT"));
        assertEquals(":45000", run("PTTL", "a"));
        assertEquals(":0", run("EXPIRE", "a", "10", "nx", "nx"), "options may repeat");
        run("PERSIST", "a");
        assertEquals(":1", run("EXPIRE", "a", "10", "NX", "NX"));
        assertEquals(":10", run("TTL", "a"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NX XX|ERR NX and XX, GT or LT options at the same time are not compatible",
            "XX NX|ERR NX and XX, GT or LT options at the same time are not compatible",
            "NX GT|ERR NX and XX, GT or LT options at the same time are not compatible",
            "LT NX|ERR NX and XX, GT or LT options at the same time are not compatible",
            "GT LT|ERR GT and LT options at the same time are not compatible",
            "foo|ERR Unsupported option foo",
            "FOO|ERR Unsupported option FOO",
            "NX bar|ERR Unsupported option bar",
    })
    void optionErrors(String options, String error) {
        run("SET", "k", "v");
        String[] words = ("PEXPIRE k 100 " + options).split(" ");
        assertEquals("-" + error, run(words));
        assertEquals(":-1", run("TTL", "k"));
    }

    @Test
    void optionsAreCheckedBeforeTheTime() {
        assertEquals("-ERR Unsupported option foo", run("EXPIRE", "k", "abc", "foo"));
        assertEquals("-ERR value is not an integer or out of range", run("EXPIRE", "k", "abc"));
        assertEquals("-ERR Unsupported option a b", run("EXPIRE", "k", "10", "a\nb"), "kept on one line");
    }

    @ParameterizedTest
    @CsvSource({
            "EXPIRE,9223372036854776", "EXPIRE,9223372036854775", "EXPIRE,-9223372036854776",
            "PEXPIRE,9223372036854775807", "EXPIREAT,9223372036854776", "EXPIREAT,-9223372036854776",
    })
    void overflowingTimesAreInvalid(String command, String time) {
        run("SET", "k", "v");
        assertEquals("-ERR invalid expire time in '" + command.toLowerCase() + "' command", run(command, "k", time));
        assertEquals("-ERR invalid expire time in '" + command.toLowerCase() + "' command", run(command, "nokey", time));
        assertEquals(":1", run("EXISTS", "k"));
    }

    @Test
    void largestTimesAreAccepted() {
        run("SET", "k", "v");
        assertEquals(":1", run("EXPIREAT", "k", "9223372036854775"));
        assertEquals(":1", run("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(":1", run("PEXPIRE", "k", Long.toString(Long.MAX_VALUE - ctx.nowMillis())));
        assertEquals(":9223372036854775807", run("PEXPIRETIME", "k"));
    }

    @Test
    void arity() {
        assertEquals("-ERR wrong number of arguments for 'expire' command", run("EXPIRE", "k"));
        assertEquals("-ERR wrong number of arguments for 'ttl' command", run("TTL", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'persist' command", run("PERSIST"));
    }
}
