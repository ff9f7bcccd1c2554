package io.coterie.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    private static ServerConfig run(String... argv) throws ConfigException {
        return assertInstanceOf(ConfigLoader.Outcome.Run.class, ConfigLoader.load(argv, "test")).config();
    }

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsComeFromTheTable() throws Exception {
        ServerConfig c = run();
        assertEquals(6379, c.port());
        assertEquals(List.of("127.0.0.1"), c.bindAddresses());
        assertEquals("everysec", c.get("appendfsync"));
        assertEquals(10000, c.maxClients());
        assertEquals(512L * 1024 * 1024, c.protoMaxBulkLenBytes());
        assertEquals(10_000_000L, c.maxKeys());
        assertEquals("notice", c.logLevel());
        assertEquals("QUORUM", c.get("read-consistency"));
        assertEquals(16379, c.clusterPort());
    }

    @Test
    void embeddedDefaultConfigSetsEveryDirectiveToItsTableDefault() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = ConfigLoader.readEmbeddedDefaults();
        for (Directive d : Directives.all()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(d.name() + " ")), d.name() + " missing from the sample");
        }
        for (Directive d : Directives.all()) {
            values.put(d.name(), "unset");
        }
        Path sample = file("sample.conf", String.join("\n", lines));
        ConfigLoader.applyFile(sample, values, 0);
        for (Directive d : Directives.all()) {
            assertEquals(d.defaultValue(), values.get(d.name()), d.name());
        }
    }

    @Test
    void fileWithCommentsQuotesAndUnitsThenFlagsOverride() throws Exception {
        Path conf = file("c.conf", """
                # a comment
                port 7000
                   maxmemory 2mb
                requirepass "with space"
                bind 127.0.0.1 -::1
                appendfsync ALWAYS
                write-consistency any
                loglevel warning
                """);
        ServerConfig c = run(conf.toString(), "--port", "7001", "--maxmemory", "1kb");
        assertEquals(7001, c.port());
        assertEquals(1024, c.maxMemoryBytes());
        assertEquals("with space", c.requirePass());
        assertEquals(List.of("127.0.0.1", "::1"), c.bindAddresses());
        assertEquals("always", c.get("appendfsync"));
        assertEquals("ANY", c.get("write-consistency"));
        assertEquals("warning", c.logLevel());
        assertEquals(conf.toAbsolutePath().normalize(), c.configFile().orElseThrow());
    }

    @Test
    void includeReadsAnotherFile() throws Exception {
        Path inner = file("inner.conf", "port 7100\n");
        Path outer = file("outer.conf", "include " + inner + "\nmaxclients 5\n");
        ServerConfig c = run(outer.toString());
        assertEquals(7100, c.port());
        assertEquals(5, c.maxClients());
    }

    @Test
    void unknownDirectiveNamesFileAndLine() throws Exception {
        Path conf = file("bad.conf", "port 7000\n\n# fine so far\nprot 7001\n");
        ConfigException e = assertThrows(ConfigException.class, () -> run(conf.toString()));
        assertTrue(e.getMessage().contains(conf.toString() + ", at line 4"), e.getMessage());
        assertTrue(e.getMessage().contains(">>> 'prot 7001'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown directive 'prot'"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithTheReason() throws Exception {
        assertTrue(assertThrows(ConfigException.class, () -> run("--port", "abc")).getMessage()
                .contains("argument couldn't be parsed into an integer"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--port", "70000")).getMessage()
                .contains("between 1 and 65535"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--appendfsync", "sometimes")).getMessage()
                .contains("always, everysec, no"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--read-consistency", "ANY")).getMessage()
                .contains("ANY is a write level only"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--bind", "localhost")).getMessage()
                .contains("not an IP address"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--cluster-seeds", "a:1,b")).getMessage()
                .contains("'b' is not host:port"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--port")).getMessage()
                .contains("wrong number of arguments"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--port", "1", "2")).getMessage()
                .contains("wrong number of arguments"));
        assertTrue(assertThrows(ConfigException.class, () -> run("--appendonly", "no")).getMessage()
                .contains("always on"));
    }

    @Test
    void unbalancedQuotesAreReported() throws Exception {
        Path conf = file("q.conf", "requirepass \"open\n");
        ConfigException e = assertThrows(ConfigException.class, () -> run(conf.toString()));
        assertTrue(e.getMessage().contains("at line 1") && e.getMessage().contains("Unbalanced quotes"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> run(tmp.resolve("nope.conf").toString()));
        assertTrue(e.getMessage().contains("can't open config file"), e.getMessage());
    }

    @Test
    void helpListsEveryDirectiveWithItsDefault() throws Exception {
        String help = assertInstanceOf(ConfigLoader.Outcome.ShowHelp.class, ConfigLoader.load(new String[] {"--help"}, "9.9"))
                .text();
        for (Directive d : Directives.all()) {
            assertTrue(help.contains(" " + d.name() + " "), d.name() + " not in --help");
            assertTrue(help.contains(d.help()), d.name() + " help text not in --help");
        }
        assertTrue(help.contains("default: 6379"));
        assertTrue(help.contains("default: QUORUM"));
    }

    @Test
    void versionFlag() throws Exception {
        String v = assertInstanceOf(ConfigLoader.Outcome.ShowVersion.class,
                ConfigLoader.load(new String[] {"--version"}, "1.2.3")).text();
        assertTrue(v.contains("v=1.2.3"), v);
    }
}
