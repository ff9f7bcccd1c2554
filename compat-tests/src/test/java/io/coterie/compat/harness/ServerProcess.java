package io.coterie.compat.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One real server process on 127.0.0.1, started by a test and stopped by its own PID.
 *
 * <p>Subclasses say how to build the command line for a port, a data directory and extra
 * redis-style directives; this class owns the lifecycle: start and wait until PING answers,
 * SIGTERM stop, SIGKILL, restart on the same port and directory. Output goes to a log file
 * under target/ so a failing test can show why the server misbehaved.
 */
public abstract class ServerProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Path configFile;
    private final List<String> directives;
    private final Path logFile;
    private Process process;
    private Duration lastStartupTime = Duration.ZERO;

    /** {@code configFile} may be null; when given it comes first on the command line, as redis-server wants. */
    protected ServerProcess(String name, int port, Path dataDir, Path configFile, List<String> directives) {
        this(name, "127.0.0.1", port, dataDir, configFile, directives);
    }

    /** As above, listening on {@code host} (e.g. an address inside a network namespace) instead of 127.0.0.1. */
    protected ServerProcess(String name, String host, int port, Path dataDir, Path configFile, List<String> directives) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.configFile = configFile;
        this.directives = List.copyOf(directives);
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /**
     * The full command line (executable first) that runs this server in the foreground: the config
     * file (if any), then port, bind and dir, then the directives, so later flags override earlier ones.
     */
    protected abstract List<String> command(List<String> configFile, int port, Path dataDir, List<String> directives);

    /** How long a fresh or recovering server may take to answer PING. */
    protected abstract Duration startupTimeout();

    /** Starts the process and returns once it answers PING; fails with its log tail otherwise. */
    public ServerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        List<String> cmd = command(configFileArg(), port, dataDir, directives);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(logFile, "=== start: " + String.join(" ", cmd) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            long startedNanos = System.nanoTime();
            process = builder.start();
            ProcessReaper.register(process);
            awaitPing(startedNanos);
            lastStartupTime = Duration.ofNanos(System.nanoTime() - startedNanos);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " with " + cmd + ": " + e, e);
        }
        return this;
    }

    private void awaitPing(long startedNanos) {
        long deadline = startedNanos + startupTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before answering PING; log " + logFile + ":\n" + logTail());
            }
            if (RespProbe.answersPing(host, port)) {
                return;
            }
            sleepMillis(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not answer PING on port " + port + " within "
                + startupTimeout() + "; log " + logFile + ":\n" + logTail());
    }

    /**
     * Starts a process expected to exit by itself (bad configuration, --help) and returns its exit
     * code; its output is in {@link #logFile()}. Kills it and fails if it is still running after the timeout.
     */
    public int runUntilExit(Duration timeout) {
        List<String> cmd = command(configFileArg(), port, dataDir, directives);
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(cmd)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ProcessReaper.register(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e, e);
        }
        return exitCodeWithin(timeout).orElseThrow(() -> new AssertionError(name
                + " was expected to exit but still ran after " + timeout + "; log:\n" + logTail()));
    }

    /** SIGTERM, then waits for the exit; returns the exit code. SIGKILLs and fails if it hangs. */
    public int stop() {
        requireStarted();
        process.destroy();
        return exitCodeWithin(STOP_TIMEOUT).orElseThrow(() -> new IllegalStateException(name + " ignored SIGTERM for "
                + STOP_TIMEOUT + "; killed. Log:\n" + logTail()));
    }

    /** Waits for a server that was told to stop (SHUTDOWN) to exit; returns its exit code, or fails after the timeout. */
    public int awaitExit(Duration timeout) {
        requireStarted();
        return exitCodeWithin(timeout).orElseThrow(() -> new AssertionError(name + " still ran " + timeout
                + " after it was told to stop; killed. Log:\n" + logTail()));
    }

    /** The process's exit code once it exits within {@code timeout}; empty if it did not, and then it is killed. */
    private OptionalInt exitCodeWithin(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            process.destroyForcibly().waitFor();
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** SIGKILL (kill -9): no chance to flush anything. Waits until the process is gone. */
    public void kill9() {
        requireStarted();
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** SIGSTOP: the process freezes with its sockets open, as a long GC pause or a stalled VM would. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        requireStarted();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** Starts again on the same port and data directory (after {@link #stop} or {@link #kill9}). */
    public ServerProcess restart() {
        requireStarted();
        if (process.isAlive()) {
            stop();
        }
        return start();
    }

    public long pid() {
        requireStarted();
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Time from spawning the process until it first answered PING, for the last start. */
    public Duration lastStartupTime() {
        return lastStartupTime;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server if it still runs; SIGKILL if it will not stop, so tests never leak it. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port + (process == null ? "" : " pid " + process.pid());
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
    }

    private List<String> configFileArg() {
        return configFile == null ? List.of() : List.of(configFile.toAbsolutePath().toString());
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
