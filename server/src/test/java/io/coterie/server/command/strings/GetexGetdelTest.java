package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GetexGetdelTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @Test
    void getdelReturnsAndRemoves() {
        run("SET", "k", "v");
        assertEquals("\"v\"", run("GETDEL", "k"));
        assertEquals(":0", run("EXISTS", "k"));
        assertEquals("(nil)", run("GETDEL", "k"));
        assertEquals(1, ctx.hits());
        assertEquals(2, ctx.misses(), "GETDEL's lookup and EXISTS's count as reads");
    }

    @Test
    void getexWithoutOptionsIsGet() {
        run("SET", "k", "v", "EX", "100");
        assertEquals("\"v\"", run("GETEX", "k"));
        assertEquals(":100", run("TTL", "k"));
        assertEquals("(nil)", run("GETEX", "nope"));
    }

    @Test
    void getexSetsEveryKindOfExpiry() {
        long now = ctx.nowMillis();
        run("SET", "k", "v");
        assertEquals("\"v\"", run("GETEX", "k", "EX", "10"));
        assertEquals(":10000", run("PTTL", "k"));
        assertEquals("\"v\"", run("GETEX", "k", "px", "1500"));
        assertEquals(":1500", run("PTTL", "k"));
        assertEquals("\"v\"", run("GETEX", "k", "EXAT", Long.toString(now / 1000 + 50)));
        assertEquals(":" + (now / 1000 + 50) * 1000, run("PEXPIRETIME", "k"));
        assertEquals("\"v\"", run("GETEX", "k", "PXAT", Long.toString(now + 777)));
        assertEquals(":" + (now + 777), run("PEXPIRETIME", "k"));
        assertEquals("\"v\"", run("GETEX", "k", "PERSIST"));
        assertEquals(":-1", run("TTL", "k"));
        assertEquals("\"v\"", run("GETEX", "k", "PERSIST"), "persist on a key without expiry is harmless");
    }

    @Test
    void getexWithAPastAbsoluteTimeAnswersThenDeletes() {
        run("SET", "a", "1");
        assertEquals("\"1\"", run("GETEX", "a", "PXAT", "1"));
        assertEquals(":0", run("EXISTS", "a"));
        run("SET", "a", "1");
        assertEquals("\"1\"", run("GETEX", "a", "EXAT", Long.toString(ctx.nowMillis() / 1000)));
        assertEquals(":0", run("EXISTS", "a"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PERSIST EX 10", "EX 10 PERSIST", "KEEPTTL", "NX", "XX", "GET", "EX", "EX 10 PX 10", "FOO",
    })
    void syntaxErrors(String options) {
        run("SET", "k", "v", "EX", "100");
        assertEquals("-ERR syntax error", run(("GETEX k " + options).split(" ")));
        assertEquals(":100", run("TTL", "k"));
        assertEquals("-ERR syntax error", run(("GETEX nokey " + options).split(" ")), "syntax comes first");
    }

    @Test
    void expiryIsValidatedOnlyForAnExistingKey() {
        assertEquals("(nil)", run("GETEX", "nokey", "EX", "0"));
        assertEquals("(nil)", run("GETEX", "nokey", "EX", "abc"));
        run("SET", "k", "v");
        assertEquals("-ERR invalid expire time in 'getex' command", run("GETEX", "k", "EX", "0"));
        assertEquals("-ERR invalid expire time in 'getex' command", run("GETEX", "k", "PX", "9223372036854775807"));
        assertEquals("-ERR value is not an integer or out of range", run("GETEX", "k", "EX", "abc"));
        assertEquals(":-1", run("TTL", "k"));
        assertEquals(2, ctx.misses(), "GETEX on the missing key");
        assertEquals(4, ctx.hits(), "three GETEX on k looked it up before failing, then TTL");
    }

    @Test
    void getexOnAnExpiredKeyIsNil() {
        run("SET", "k", "v", "PX", "5");
        ctx.advance(5);
        assertEquals("(nil)", run("GETEX", "k", "PERSIST"));
        assertEquals(":-2", run("TTL", "k"));
    }
}
