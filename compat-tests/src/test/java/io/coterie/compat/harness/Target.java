package io.coterie.compat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server the compat tests run against, from {@code -Dcompat.target=coterie|redis} (default
 * coterie). Running the suite against redis-server validates the tests; against coterie it
 * validates Coterie.
 */
public enum Target {
    COTERIE {
        @Override
        public List<String> durability(String appendfsync) {
            return List.of("--appendfsync", appendfsync);
        }

        @Override
        ServerProcess create(String name, int port, Path dataDir, Path configFile, List<String> directives) {
            return new CoterieServerProcess(name, port, dataDir, configFile, directives);
        }

        @Override
        int companionPortOffset() {
            return CoterieServerProcess.BUS_PORT_OFFSET;
        }
    },
    REDIS {
        /** Redis only logs writes with the AOF on; RDB snapshots are off in every test server. */
        @Override
        public List<String> durability(String appendfsync) {
            return List.of("--appendonly", "yes", "--appendfsync", appendfsync);
        }

        @Override
        ServerProcess create(String name, int port, Path dataDir, Path configFile, List<String> directives) {
            return new RedisServerProcess(name, port, dataDir, configFile, directives);
        }

        @Override
        int companionPortOffset() {
            return 0;
        }
    };

    public static Target current() {
        String value = System.getProperty("compat.target", "coterie").trim();
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "coterie", "" -> COTERIE;
            case "redis" -> REDIS;
            default -> throw new IllegalArgumentException("compat.target must be coterie or redis, not '" + value + "'");
        };
    }

    /** Directives that make every acknowledged write durable under the given appendfsync policy. */
    public abstract List<String> durability(String appendfsync);

    abstract ServerProcess create(String name, int port, Path dataDir, Path configFile, List<String> directives);

    abstract int companionPortOffset();

    /**
     * A not-yet-started server on a free port with a fresh data directory under target/, given
     * redis-style directives such as {@code List.of("--requirepass", "pw")}.
     */
    public ServerProcess server(String name, List<String> directives) {
        return server(name, null, directives);
    }

    /** As {@link #server(String, List)}, reading a redis.conf-style file first (null for none). */
    public ServerProcess server(String name, Path configFile, List<String> directives) {
        int port = FreePorts.pick(companionPortOffset());
        Path root = Path.of(System.getProperty("compat.work.dir", "target"), "compat-servers");
        try {
            Files.createDirectories(root);
            Path dataDir = Files.createTempDirectory(root, name + "-" + name().toLowerCase(java.util.Locale.ROOT) + "-" + port + "-");
            return create(name, port, dataDir, configFile, directives);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isCoterie() {
        return this == COTERIE;
    }
}
