package io.coterie.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRewriterTest {

    @TempDir
    Path tmp;

    @Test
    void keepsCommentsUpdatesValuesAndRoundTrips() throws Exception {
        Path conf = tmp.resolve("c.conf");
        Files.writeString(conf, "# my settings\nport 7000\nmaxmemory 1mb\nmaxmemory 2mb\n");
        ServerConfig c = ((ConfigLoader.Outcome.Run) ConfigLoader.load(new String[] {conf.toString()}, "t")).config();
        c.set(List.of("maxmemory", "3mb", "requirepass", "two words", "loglevel", "warning"));
        ConfigRewriter.rewrite(conf, c.snapshot());
        List<String> lines = Files.readAllLines(conf);
        assertEquals("# my settings", lines.get(0));
        assertEquals("port 7000", lines.get(1));
        assertEquals("maxmemory 3145728", lines.get(2));
        assertTrue(lines.contains("requirepass \"two words\""), lines.toString());
        ServerConfig again = assertInstanceOf(ConfigLoader.Outcome.Run.class,
                ConfigLoader.load(new String[] {conf.toString()}, "t")).config();
        assertEquals(c.snapshot(), again.snapshot());
    }
}
