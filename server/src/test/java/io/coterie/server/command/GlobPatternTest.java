package io.coterie.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobPatternTest {

    @ParameterizedTest(name = "''{0}'' ~ ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*|anything|true",
            "*|''|true",
            "h?llo|hello|true",
            "h?llo|hllo|false",
            "h*llo|heeeello|true",
            "h[ae]llo|hallo|true",
            "h[ae]llo|hillo|false",
            "h[^e]llo|hallo|true",
            "h[^e]llo|hello|false",
            "h[a-b]llo|hbllo|true",
            "h[a-b]llo|hcllo|false",
            "user:*:name|user:42:name|true",
            "user:*:name|user:42:age|false",
            "a\\*b|a*b|true",
            "a\\*b|axb|false",
            "abc|abc|true",
            "abc|abcd|false",
            "*a*b*c*|xxaxxbxxcxx|true",
            "*a*b*c*|xxaxxcxxbxx|false",
    })
    void matchesLikeRedis(String pattern, String subject, boolean expected) {
        assertEquals(expected, GlobPattern.matches(pattern, subject, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"MAXMEMORY|maxmemory", "max*|MAXMEMORY", "Port|port"})
    void nocaseIgnoresAsciiCase(String pattern, String subject) {
        assertEquals(true, GlobPattern.matches(pattern, subject, true));
    }
}
