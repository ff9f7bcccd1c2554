package io.coterie.server.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitArgsTest {

    private static List<String> split(String line) {
        List<byte[]> words = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
        return words == null ? null : words.stream().map(w -> new String(w, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void splitsOnWhitespace() {
        assertEquals(List.of("SET", "a", "b"), split("  SET a\t b  "));
        assertEquals(List.of(), split("   "));
    }

    @Test
    void doubleQuotesTakeCEscapes() {
        assertEquals(List.of("SET", "a b", "x\ny\"z"), split("SET \"a b\" \"x\\ny\\\"z\""));
        assertEquals(List.of("A"), split("\"\\x41\""));
        assertEquals(List.of(""), split("\"\""));
    }

    @Test
    void singleQuotesTakeOnlyEscapedQuote() {
        assertEquals(List.of("it's", "a\\nb"), split("'it\\'s' 'a\\nb'"));
    }

    @Test
    void unbalancedOrGluedQuotesAreRefused() {
        assertNull(split("SET \"a b"));
        assertNull(split("SET 'a"));
        assertNull(split("SET \"a\"b"));
    }
}
