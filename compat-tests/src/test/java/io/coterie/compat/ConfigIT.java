package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.CoterieServerProcess;
import io.coterie.compat.harness.RawConnection;
import io.coterie.compat.harness.RedisCli;
import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Configuration as redis-server takes it: a redis.conf-style file, --flags that override it, clear refusals. */
class ConfigIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** SPEC section 4: the directives a single node understands, as `--help` must list them. */
    private static final List<String> DIRECTIVES = List.of("port", "bind", "dir", "requirepass", "appendfsync",
            "maxmemory", "max-keys", "proto-max-bulk-len", "maxclients", "loglevel", "logfile");

    private final Target target = Target.current();

    @Test
    @DisabledIfSystemProperty(named = "compat.target", matches = "(?i)redis",
            disabledReason = "redis-server --help lists no directives and exits 1; this checks Coterie's own usage text")
    void coterieHelpExitsZeroAndListsDirectives() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(CoterieServerProcess.javaCommand());
        cmd.add("--help");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "--help did not exit");
        String help = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), help);
        for (String directive : DIRECTIVES) {
            assertTrue(help.contains(directive), "--help does not mention " + directive + ":\n" + help);
        }
    }

    @Test
    void unknownDirectiveRefusesToStartAndNamesIt() throws IOException {
        ServerProcess server = target.server("Config-unknown", List.of("--no-such-directive", "1"));
        int exit = server.runUntilExit(EXIT_TIMEOUT);
        String log = Files.readString(server.logFile());
        assertNotEquals(0, exit, "an unknown directive must refuse to start; log:\n" + log);
        assertTrue(log.contains("no-such-directive"), "the refusal must name the directive:\n" + log);
    }

    @Test
    void badValueRefusesToStartAndNamesTheDirective() throws IOException {
        ServerProcess server = target.server("Config-badvalue", List.of("--appendfsync", "sometimes"));
        int exit = server.runUntilExit(EXIT_TIMEOUT);
        String log = Files.readString(server.logFile());
        assertNotEquals(0, exit, "a bad value must refuse to start; log:\n" + log);
        assertTrue(log.contains("appendfsync"), "the refusal must name the directive:\n" + log);
    }

    @Test
    void configFileIsReadAndFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("node.conf");
        Files.writeString(conf, String.join("\n",
                "# a redis.conf-style file",
                "maxmemory 64mb",
                "",
                "requirepass \"file password\"",
                "appendfsync no",
                "maxclients 500",
                ""));
        try (ServerProcess server = target.server("Config-file", conf, List.of("--maxmemory", "32mb")).start();
                RawConnection c = new RawConnection(server)) {
            assertEquals("OK", c.call("AUTH", "file password"));
            assertEquals(List.of("maxmemory", "33554432"), c.call("CONFIG", "GET", "maxmemory"), "the flag wins over the file");
            assertEquals(List.of("appendfsync", "no"), c.call("CONFIG", "GET", "appendfsync"));
            assertEquals(List.of("maxclients", "500"), c.call("CONFIG", "GET", "maxclients"));
            assertEquals(List.of("port", Integer.toString(server.port())), c.call("CONFIG", "GET", "port"));
            RedisCli.Result cli = new RedisCli(server).run("--no-auth-warning", "-a", "file password", "PING");
            assertEquals("PONG", cli.trimmed(), cli.stderr());
        }
    }
}
