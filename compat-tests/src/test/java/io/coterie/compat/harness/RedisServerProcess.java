package io.coterie.compat.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * redis-server 7 in the foreground, used to prove the compat tests themselves right. Persistence is
 * off unless the directives turn it on (later flags override earlier ones in redis-server).
 */
public final class RedisServerProcess extends ServerProcess {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    RedisServerProcess(String name, int port, Path dataDir, Path configFile, List<String> directives) {
        super(name, port, dataDir, configFile, directives);
    }

    @Override
    protected List<String> command(List<String> configFile, int port, Path dataDir, List<String> directives) {
        List<String> cmd = new ArrayList<>(List.of(executable()));
        cmd.addAll(configFile);
        cmd.addAll(List.of(
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dataDir.toAbsolutePath().toString(),
                "--daemonize", "no", "--logfile", "", "--save", "", "--appendonly", "no",
                // Redis 7 refuses DEBUG by default; Coterie serves DEBUG SLEEP.
                "--enable-debug-command", "yes"));
        cmd.addAll(directives);
        return cmd;
    }

    @Override
    protected Duration startupTimeout() {
        return STARTUP_TIMEOUT;
    }

    public static String executable() {
        return System.getProperty("compat.redis.server", "redis-server");
    }
}
