package io.coterie.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryUnitsTest {

    @ParameterizedTest
    @CsvSource({"0,0", "100,100", "1k,1000", "1kb,1024", "1K,1000", "1KB,1024", "2m,2000000", "2mb,2097152",
            "1g,1000000000", "1gb,1073741824", "512mb,536870912"})
    void parsesRedisUnits(String text, long bytes) {
        assertEquals(bytes, MemoryUnits.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1x", "-1", "1.5mb", "99999999999gb"})
    void refusesOthers(String text) {
        assertThrows(IllegalArgumentException.class, () -> MemoryUnits.parseBytes(text));
    }

    @ParameterizedTest
    @CsvSource({"0,0B", "1023,1023B", "1024,1.00K", "1572864,1.50M", "1073741824,1.00G"})
    void humanFormMatchesRedis(long bytes, String human) {
        assertEquals(human, MemoryUnits.human(bytes));
    }
}
