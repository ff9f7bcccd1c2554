package io.coterie.compat.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VGET replies as Jedis hands them over (bulk strings as byte[], arrays as List). */
class VersionedKvTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void siblingsAndContext() {
        KvApi.Read read = VersionedKv.parse(List.of(b("ctx"), List.of(b("c1-0"), b("c2-3"))));
        assertEquals(List.of("c1-0", "c2-3"), read.values());
        assertArrayEquals(b("ctx"), read.context());
    }

    @Test
    void absentKeyHasNoValues() {
        assertEquals(List.of(), VersionedKv.parse(List.of(b(""), List.of())).values());
    }

    @Test
    void anythingElseIsRefusedWithTheReplyShown() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VersionedKv.parse(b("OK")));
        assertEquals("VGET answered OK, expected [context, [values]]", e.getMessage());
        assertThrows(IllegalStateException.class, () -> VersionedKv.parse(List.of(b("ctx"))));
    }
}
