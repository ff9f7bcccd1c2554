package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** APPEND, STRLEN, GETRANGE, SETRANGE. The GETRANGE table was produced by redis-server 7.0.15. */
class StringEditsTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @ParameterizedTest(name = "GETRANGE \"Hello World\" {0} {1} = \"{2}\"")
    @CsvSource(delimiter = '|', value = {
            "0|3|Hell", "-3|-1|rld", "0|-1|Hello World", "10|100|d", "-1|-5|''", "5|3|''", "-100|-99|H",
            "-100|100|Hello World", "3|-100|''", "0|0|H", "-1|-1|d", "11|11|''",
            "-9223372036854775808|9223372036854775807|Hello World", "9223372036854775807|-9223372036854775808|''",
    })
    void getrangeTable(String start, String end, String expected) {
        run("SET", "s", "Hello World");
        assertEquals("\"" + expected + "\"", run("GETRANGE", "s", start, end));
    }

    @Test
    void getrangeOnMissingOrEmptyIsEmpty() {
        assertEquals("\"\"", run("GETRANGE", "nokey", "0", "-1"));
        run("SET", "e", "");
        assertEquals("\"\"", run("GETRANGE", "e", "0", "-1"));
        assertEquals("\"\"", run("GETRANGE", "e", "-1", "-1"));
        assertEquals(2, ctx.hits());
        assertEquals(1, ctx.misses());
    }

    @Test
    void getrangeIndicesMustBeIntegersAndAreCheckedFirst() {
        assertEquals("-ERR value is not an integer or out of range", run("GETRANGE", "nokey", "abc", "1"));
        assertEquals("-ERR value is not an integer or out of range", run("GETRANGE", "nokey", "0", "1.0"));
        assertEquals(0, ctx.misses());
    }

    @Test
    void appendCreatesExtendsAndKeepsTtl() {
        assertEquals(":5", run("APPEND", "k", "Hello"));
        run("EXPIRE", "k", "100");
        assertEquals(":11", run("APPEND", "k", " World"));
        assertEquals("\"Hello World\"", run("GET", "k"));
        assertEquals(":100", run("TTL", "k"));
        assertEquals(":11", run("STRLEN", "k"));
    }

    @Test
    void appendOfEmptyCreatesAnEmptyKey() {
        assertEquals(":0", run("APPEND", "nk", ""));
        assertEquals(":1", run("EXISTS", "nk"));
        assertEquals("+string", run("TYPE", "nk"));
    }

    @Test
    void appendRespectsProtoMaxBulkLen() {
        ctx.maxBulkLength(10);
        assertEquals(":6", run("APPEND", "k", "123456"));
        assertEquals(":10", run("APPEND", "k", "7890"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)", run("APPEND", "k", "x"));
        assertEquals("\"1234567890\"", run("GET", "k"));
    }

    @Test
    void strlen() {
        assertEquals(":0", run("STRLEN", "nokey"));
        run("SET", "k", "");
        assertEquals(":0", run("STRLEN", "k"));
        run("SET", "k", "abc", "PX", "1");
        assertEquals(":3", run("STRLEN", "k"));
        ctx.advance(1);
        assertEquals(":0", run("STRLEN", "k"));
    }

    @ParameterizedTest(name = "SETRANGE {0} {1} {2} -> {3}, value {4}")
    @CsvSource(delimiter = '|', value = {
            // initial (- = missing) | offset | patch | reply | value after (- = missing)
            "Hello World|6|Redis|:11|\"Hello Redis\"",
            "Hello|0|J|:5|\"Jello\"",
            "Hello|5|!|:6|\"Hello!\"",
            "Hello|3|p me|:7|\"Help me\"",
            "ab|4|c|:5|\"ab\\x00\\x00c\"",
            "-|3|x|:4|\"\\x00\\x00\\x00x\"",
            "-|0|x|:1|\"x\"",
            "-|100|''|:0|-",
            "abc|1000000000000|''|:3|\"abc\"",
            "''|0|''|:0|\"\"",
    })
    void setrangeTable(String initial, String offset, String patch, String reply, String after) {
        if (!initial.equals("-")) {
            run("SET", "k", initial);
        }
        assertEquals(reply, run("SETRANGE", "k", offset, patch));
        assertEquals(after.equals("-") ? "(nil)" : after, run("GET", "k"));
    }

    @Test
    void setrangeOffsetErrors() {
        assertEquals("-ERR offset is out of range", run("SETRANGE", "k", "-1", "x"));
        assertEquals("-ERR value is not an integer or out of range", run("SETRANGE", "k", "abc", "x"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                run("SETRANGE", "k", "9223372036854775807", "x"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                run("SETRANGE", "k", "536870912", "x"));
        assertEquals(":0", run("EXISTS", "k"));
    }

    @Test
    void setrangeLimitIsProtoMaxBulkLenInclusive() {
        ctx.maxBulkLength(8);
        assertEquals(":8", run("SETRANGE", "k", "7", "x"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)", run("SETRANGE", "k", "7", "xy"));
        assertEquals(":8", run("SETRANGE", "k", "100", ""), "an empty patch skips the limit");
    }

    @Test
    void setrangeKeepsTtlAndDoesNotAlterEarlierReads() {
        run("SET", "k", "abc", "EX", "100");
        String before = run("GET", "k");
        run("SETRANGE", "k", "0", "X");
        assertEquals("\"abc\"", before);
        assertEquals("\"Xbc\"", run("GET", "k"));
        assertEquals(":100", run("TTL", "k"));
    }
}
