package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.compat.harness.RedisCli;
import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * SHUTDOWN as clients expect it from Redis: the server exits cleanly without answering. Jedis's {@code shutdown()}
 * treats any reply as an error, and redis-cli prints nothing. Against either target.
 */
class ShutdownIT {

    private static final Duration EXIT_MAX = Duration.ofSeconds(30);

    private final Target target = Target.current();

    @Test
    @Timeout(90)
    void jedisShutdownStopsTheServerWithoutAnError() {
        try (ServerProcess server = target.server("Shutdown-jedis", List.of()).start()) {
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
                assertEquals("OK", jedis.set("k", "v"));
                jedis.shutdown();
            }
            assertEquals(0, server.awaitExit(EXIT_MAX), "exit code after SHUTDOWN");
        }
    }

    @Test
    @Timeout(90)
    void redisCliShutdownPrintsNothingAndTheServerExits() {
        try (ServerProcess server = target.server("Shutdown-cli", List.of()).start()) {
            RedisCli.Result result = new RedisCli(server).run("SHUTDOWN", "NOSAVE");
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("", result.trimmed(), "redis-cli's output");
            assertEquals(0, server.awaitExit(EXIT_MAX), "exit code after SHUTDOWN NOSAVE");
        }
    }
}
