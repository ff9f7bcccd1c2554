package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.server.command.RecordingRespWriter.Array;
import io.coterie.server.command.RecordingRespWriter.Bulk;
import io.coterie.server.command.RecordingRespWriter.Reply;
import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScanTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    /** Follows the cursor to the end; returns every key returned, repeats included. */
    private static List<String> scanAll(TestContext c, String... options) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            String[] words = new String[2 + options.length];
            words[0] = "SCAN";
            words[1] = cursor;
            System.arraycopy(options, 0, words, 2, options.length);
            Reply reply = c.call(words);
            List<Reply> parts = ((Array) reply).elements();
            assertEquals(2, parts.size());
            cursor = ((Bulk) parts.get(0)).text();
            for (Reply k : ((Array) parts.get(1)).elements()) {
                keys.add(new String(((Bulk) k).bytes(), StandardCharsets.UTF_8));
            }
            assertTrue(++calls < 100_000, "the cursor must reach 0");
        } while (!cursor.equals("0"));
        return keys;
    }

    @Test
    void emptyKeyspace() {
        assertEquals("[\"0\", []]", run("SCAN", "0"));
    }

    @Test
    void visitsEveryKeyOnceWithTheDefaultCount() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            run("SET", "key:" + i, "v");
            expected.add("key:" + i);
        }
        List<String> seen = scanAll(ctx);
        assertEquals(expected.size(), seen.size());
        assertEquals(expected, new HashSet<>(seen));
        String firstPage = run("SCAN", "0");
        assertTrue(firstPage.split(", ").length < 50, "COUNT 10 by default gives a short page: " + firstPage);
    }

    @Property(tries = 30)
    void visitsExactlyTheLiveKeysForAnyCount(@ForAll @Size(max = 60) Set<@StringLength(max = 8) String> keys,
                                             @ForAll @IntRange(min = 1, max = 30) int count) {
        TestContext c = TestContext.of(StringCommands.specs(), KeyCommands.specs());
        for (String k : keys) {
            c.call("SET", k, "v");
        }
        c.call("SET", "expiring-key", "v", "PX", "1");
        c.advance(1);
        List<String> seen = scanAll(c, "COUNT", Integer.toString(count));
        assertEquals(keys.size(), seen.size(), "no repeats while nothing changes");
        assertEquals(keys, new HashSet<>(seen));
    }

    @Test
    void matchFilters() {
        for (int i = 0; i < 50; i++) {
            run("SET", (i % 2 == 0 ? "even:" : "odd:") + i, "v");
        }
        List<String> even = scanAll(ctx, "MATCH", "even:*", "COUNT", "7");
        assertEquals(25, even.size());
        assertTrue(even.stream().allMatch(k -> k.startsWith("even:")));
        assertEquals(50, scanAll(ctx, "MATCH", "*").size());
    }

    @Test
    void typeFilterKnowsOnlyStringsAndCountsLookups() {
        run("MSET", "a", "1", "b", "2", "c", "3");
        assertEquals(3, scanAll(ctx, "TYPE", "string").size());
        assertEquals(3, scanAll(ctx, "type", "STRING", "COUNT", "1000").size());
        assertEquals(6, ctx.hits(), "Redis 7.0 looks each key's type up with a counted read");
        assertEquals(0, scanAll(ctx, "TYPE", "hash").size());
        assertEquals(0, scanAll(ctx, "TYPE", "nosuchtype").size());
        assertEquals(1, scanAll(ctx, "MATCH", "b", "TYPE", "string", "COUNT", "100").size());
        assertEquals(13, ctx.hits(), "only keys that passed MATCH are looked up");
    }

    @Test
    void scanWithoutTypeCountsNoLookups() {
        run("MSET", "a", "1", "b", "2");
        scanAll(ctx);
        scanAll(ctx, "MATCH", "a");
        assertEquals(0, ctx.hits() + ctx.misses());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "COUNT 0|ERR syntax error",
            "COUNT -1|ERR syntax error",
            "COUNT abc|ERR value is not an integer or out of range",
            "COUNT|ERR syntax error",
            "MATCH|ERR syntax error",
            "TYPE|ERR syntax error",
            "foo bar|ERR syntax error",
            "COUNT 10 MATCH|ERR syntax error",
    })
    void optionErrors(String options, String error) {
        run("SET", "a", "1");
        assertEquals("-" + error, run(("SCAN 0 " + options).split(" ")));
    }

    @Test
    void anInvalidCursorIsReportedBeforeOptionErrors() {
        assertEquals("-ERR invalid cursor", run("SCAN", "abc", "COUNT", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", " 5", "\t1", "-", "+", "0x1", "1a", "18446744073709551616", "99999999999999999999999"})
    void invalidCursors(String cursor) {
        assertEquals("-ERR invalid cursor", run("SCAN", cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+0", "-0", "0"})
    void cursorsThatStrtoulReadsAsZeroStartTheScan(String cursor) {
        run("SET", "a", "1");
        assertEquals("[\"0\", [\"a\"]]", run("SCAN", cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551615", "-1", "9223372036854775808"})
    void cursorsBeyondAnyWeHandOutEndTheScan(String cursor) {
        run("SET", "a", "1");
        assertEquals("[\"0\", []]", run("SCAN", cursor));
    }

    @Test
    void cursorParsingMatchesStrtoul() {
        assertEquals(5, ScanCursor.parse("05".getBytes()));
        assertEquals(5, ScanCursor.parse("+5".getBytes()));
        assertEquals(-1L, ScanCursor.parse("18446744073709551615".getBytes()));
        assertEquals(1L, ScanCursor.parse("-18446744073709551615".getBytes()));
        assertEquals(7, ScanCursor.parse(new byte[] {'7', 0, 'x'}), "the C string ends at NUL");
    }

    @Test
    void aContinuedScanReturnsTheCursorAsABulkString() {
        for (int i = 0; i < 100; i++) {
            run("SET", "k" + i, "v");
        }
        List<Reply> parts = ((Array) ctx.call("SCAN", "0", "COUNT", "5")).elements();
        String cursor = ((Bulk) parts.get(0)).text();
        assertTrue(!cursor.equals("0") && Long.parseUnsignedLong(cursor) > 0, cursor);
    }
}
