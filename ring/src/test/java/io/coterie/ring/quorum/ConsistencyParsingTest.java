package io.coterie.ring.quorum;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyParsingTest {

    private static List<byte[]> args(String line) {
        return line.isEmpty() ? List.of() : Arrays.stream(line.split(" ")).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String error(Parsed<?> p) {
        return assertInstanceOf(Parsed.Err.class, p).error();
    }

    @ParameterizedTest
    @CsvSource({"one,ONE,1,1,1,1", "TWO,TWO,2,2,2,2", "Three,THREE,3,3,3,3", "quorum,QUORUM,1,2,3,3",
            "ALL,ALL,1,3,4,5", "any,ANY,1,1,1,1", "1,ONE,1,1,1,1", "4,4,4,4,4,4", "64,64,64,64,64,64"})
    void levelsParseCaseInsensitivelyAndResolveAgainstN(String text, String canonical, int n1, int n3, int n4, int n5) {
        ConsistencyLevel level = ConsistencyLevel.parse(text).orThrow();
        assertEquals(canonical, level.text());
        assertEquals(n1, level.required(1));
        assertEquals(n3, level.required(3));
        assertEquals(n4, level.required(4));
        assertEquals(n5, level.required(5));
    }

    @Test
    void quorumIsAMajority() {
        for (int n = 1; n <= 64; n++) {
            int q = ConsistencyLevel.QUORUM.required(n);
            assertTrue(2 * q > n && 2 * (q - 1) <= n, "n=" + n);
        }
    }

    @ParameterizedTest
    @CsvSource({"X", "0", "65", "-1", "+2", "1.5", "''", "QUORUMS", "٣"})
    void badLevelsNameThemselves(String text) {
        assertEquals("ERR invalid consistency level '" + text
                + "', expected ONE, TWO, THREE, QUORUM, ALL, ANY (writes only) or an integer 1..64", error(ConsistencyLevel.parse(text)));
    }

    @Test
    void anyIsRefusedForReads() {
        assertEquals("ERR ANY is only valid for writes", error(ConsistencyLevel.parseRead("any")));
        assertEquals(ConsistencyLevel.ONE, ConsistencyLevel.parseRead("one").orThrow());
        assertThrows(IllegalArgumentException.class, () -> new Consistency(ConsistencyLevel.ANY, ConsistencyLevel.ONE));
    }

    @Test
    void consistencyWithoutArgumentsShowsTheCurrentLevels() {
        assertInstanceOf(ConsistencyCommand.Show.class, ConsistencyCommand.parse(args("")).orThrow());
        assertEquals(List.of("read", "QUORUM", "write", "QUORUM"), Consistency.DEFAULT.describe());
    }

    @Test
    void consistencyFormsChangeTheRightLevels() {
        Consistency start = new Consistency(ConsistencyLevel.TWO, ConsistencyLevel.THREE);
        assertEquals(new Consistency(ConsistencyLevel.ALL, ConsistencyLevel.ALL), change("all").applyTo(start));
        assertEquals(new Consistency(ConsistencyLevel.ONE, ConsistencyLevel.THREE), change("READ one").applyTo(start));
        assertEquals(new Consistency(ConsistencyLevel.ONE, ConsistencyLevel.ANY), change("read ONE write any").applyTo(start));
        assertEquals(new Consistency(ConsistencyLevel.TWO, ConsistencyLevel.ANY), change("WRITE ANY").applyTo(start));
        assertEquals(new Consistency(ConsistencyLevel.TWO, new ConsistencyLevel.Count(5)), change("write 5").applyTo(start));
    }

    private static ConsistencyCommand.Change change(String line) {
        return assertInstanceOf(ConsistencyCommand.Change.class, ConsistencyCommand.parse(args(line)).orThrow());
    }

    @Test
    void consistencyErrors() {
        assertEquals("ERR ANY is only valid for writes", error(ConsistencyCommand.parse(args("ANY"))));
        assertEquals("ERR ANY is only valid for writes", error(ConsistencyCommand.parse(args("READ any WRITE one"))));
        assertTrue(error(ConsistencyCommand.parse(args("READ bogus"))).startsWith("ERR invalid consistency level 'bogus'"));
        assertTrue(error(ConsistencyCommand.parse(args("READ one WRITE bogus"))).startsWith("ERR invalid consistency level 'bogus'"));
        assertEquals(ConsistencyCommand.SYNTAX_ERROR, error(ConsistencyCommand.parse(args("READ one READ two"))));
        assertEquals(ConsistencyCommand.SYNTAX_ERROR, error(ConsistencyCommand.parse(args("WRITE one READ two"))));
        assertEquals(ConsistencyCommand.SYNTAX_ERROR, error(ConsistencyCommand.parse(args("READ one WRITE"))));
        assertEquals(ConsistencyCommand.SYNTAX_ERROR, error(ConsistencyCommand.parse(args("BOTH one"))));
        assertEquals(ConsistencyCommand.ARITY_ERROR, error(ConsistencyCommand.parse(args("READ one WRITE two x"))));
    }

    @Test
    void clPrefixWrapsOneCommand() {
        ClPrefix cl = ClPrefix.parse(args("all SET k v")).orThrow();
        assertEquals(ConsistencyLevel.ALL, cl.level());
        assertEquals(List.of("SET", "k", "v"), cl.command().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        assertEquals(ConsistencyLevel.ALL, cl.levelFor(false).orThrow());
        ClPrefix any = ClPrefix.parse(args("ANY SET k v")).orThrow();
        assertEquals(ConsistencyLevel.ANY, any.levelFor(true).orThrow());
        assertEquals("ERR ANY is only valid for writes", error(any.levelFor(false)));
    }

    @Test
    void clPrefixErrors() {
        assertEquals(ClPrefix.ARITY_ERROR, error(ClPrefix.parse(args(""))));
        assertEquals(ClPrefix.ARITY_ERROR, error(ClPrefix.parse(args("ONE"))));
        assertEquals(ClPrefix.NESTED_ERROR, error(ClPrefix.parse(args("ONE cl ALL GET k"))));
        assertTrue(error(ClPrefix.parse(args("MOST GET k"))).startsWith("ERR invalid consistency level 'MOST'"));
    }

    @Test
    void levelAboveNIsNotCapped() {
        assertEquals(3, ConsistencyLevel.THREE.required(2));
        assertEquals(5, new ConsistencyLevel.Count(5).required(3));
    }
}
