package io.coterie.compat.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * coterie-server launched as {@code java <chronicle flags> -cp server/target/classes:server/target/lib/*
 * io.coterie.server.CoterieServer --port P --bind 127.0.0.1 --dir D ...}, directly rather than via
 * bin/coterie-server, so {@link #pid()} is the server JVM itself and kill -9 hits the server, not a
 * wrapper script.
 */
public final class CoterieServerProcess extends ServerProcess {

    public static final String MAIN_CLASS = "io.coterie.server.CoterieServer";
    /** Coterie's default inter-node bus port is port + 10000; keep it free too. */
    public static final int BUS_PORT_OFFSET = 10000;
    /** The JVM start plus Chronicle Map recovery after kill -9 must fit in this. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Enough for 1 MB values and 10 000-command pipelines; the store itself is off-heap. */
    private static final String HEAP = "-Xmx512m";

    /** Words before {@code java} (e.g. {@code ip netns exec NS}); each must exec the next so the PID stays the JVM's. */
    private final List<String> launchPrefix;
    private final Duration startupTimeout;

    CoterieServerProcess(String name, int port, Path dataDir, Path configFile, List<String> directives) {
        super(name, port, dataDir, configFile, directives);
        this.launchPrefix = List.of();
        this.startupTimeout = STARTUP_TIMEOUT;
    }

    private CoterieServerProcess(String name, String host, int port, Path dataDir, List<String> launchPrefix,
                                 Duration startupTimeout, List<String> directives) {
        super(name, host, port, dataDir, null, directives);
        this.launchPrefix = List.copyOf(launchPrefix);
        this.startupTimeout = startupTimeout;
    }

    /**
     * A not-yet-started server bound to {@code host:port}, launched through {@code launchPrefix} (which must exec, as
     * {@code ip netns exec} does, so {@link #pid()} is still the JVM's and kill -9 / SIGSTOP hit the server), allowed
     * {@code startupTimeout} to answer PING.
     */
    public static CoterieServerProcess at(String name, String host, int port, Path dataDir, List<String> launchPrefix,
                                          Duration startupTimeout, List<String> directives) {
        return new CoterieServerProcess(name, host, port, dataDir, launchPrefix, startupTimeout, directives);
    }

    @Override
    protected List<String> command(List<String> configFile, int port, Path dataDir, List<String> directives) {
        List<String> cmd = new ArrayList<>(launchPrefix);
        cmd.addAll(javaCommand());
        cmd.addAll(configFile);
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", host(),
                "--dir", dataDir.toAbsolutePath().toString()));
        cmd.addAll(directives);
        return cmd;
    }

    @Override
    protected Duration startupTimeout() {
        return startupTimeout;
    }

    /** {@code java <flags> -cp <server classpath> io.coterie.server.CoterieServer}; fails if not built. */
    public static List<String> javaCommand() {
        Path server = home().resolve("server").resolve("target");
        Path classes = server.resolve("classes");
        Path lib = server.resolve("lib");
        Path mainClass = classes.resolve(MAIN_CLASS.replace('.', '/') + ".class");
        if (!Files.isRegularFile(mainClass) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("coterie-server is not built: need " + mainClass + " and " + lib
                    + " (run `mvn -B verify` at the root; `package` creates them before the compat tests)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(HEAP);
        cmd.addAll(jvmFlags());
        cmd.add("-cp");
        cmd.add(classes + java.io.File.pathSeparator + lib + java.io.File.separator + "*");
        cmd.add(MAIN_CLASS);
        return cmd;
    }

    private static Path home() {
        String home = System.getProperty("coterie.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("system property coterie.home (the repository root) is not set");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    private static List<String> jvmFlags() {
        String flags = System.getProperty("coterie.jvm.flags");
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException("system property coterie.jvm.flags (root pom chronicle.jvm.flags) is not set");
        }
        return Arrays.stream(flags.trim().split("\\s+")).toList();
    }
}
