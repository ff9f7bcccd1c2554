package io.coterie.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void setChangesMutableDirectivesAndTellsListeners() {
        ServerConfig c = ServerConfig.defaults();
        List<String> seen = new ArrayList<>();
        c.addListener((name, value) -> seen.add(name + "=" + value));
        c.set(List.of("maxmemory", "10mb", "appendfsync", "always", "requirepass", "s3cret"));
        assertEquals(10L * 1024 * 1024, c.maxMemoryBytes());
        assertEquals("always", c.get("appendfsync"));
        assertEquals("s3cret", c.requirePass());
        assertEquals(List.of("maxmemory=10485760", "appendfsync=always", "requirepass=s3cret"), seen);
    }

    @Test
    void oneBadPairLeavesEverythingUnchanged() {
        ServerConfig c = ServerConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.set(List.of("maxmemory", "10mb", "maxclients", "zero")));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxclients') - "
                + "argument couldn't be parsed into an integer", e.getMessage());
        assertEquals(0, c.maxMemoryBytes());
    }

    @Test
    void immutableAndUnknownUseRedisTexts() {
        ServerConfig c = ServerConfig.defaults();
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config",
                assertThrows(IllegalArgumentException.class, () -> c.set(List.of("port", "1"))).getMessage());
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'x'",
                assertThrows(IllegalArgumentException.class, () -> c.set(List.of("x", "1"))).getMessage());
    }
}
