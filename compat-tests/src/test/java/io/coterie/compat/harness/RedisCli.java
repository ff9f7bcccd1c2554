package io.coterie.compat.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code redis-cli} binary against a server, feeding stdin and capturing output. */
public final class RedisCli {

    private static final long TIMEOUT_SECONDS = 60;

    /** What one redis-cli run printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stdout without trailing line breaks (spaces kept: error texts end in one). */
        public String trimmed() {
            return stdout.replaceFirst("[\\r\\n]+$", "");
        }
    }

    private final ServerProcess server;

    public RedisCli(ServerProcess server) {
        this.server = server;
    }

    public static String executable() {
        return System.getProperty("compat.redis.cli", "redis-cli");
    }

    /** {@code redis-cli -h 127.0.0.1 -p PORT args...} with empty stdin. */
    public Result run(String... args) {
        return runWithInput(new byte[0], args);
    }

    public Result runWithInput(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(executable(), "-h", server.host(), "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(cmd).start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
            }
            return new Result(process.exitValue(),
                    new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd + " (is redis-tools installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A thread of its own per stream: the common pool has one worker on 2 cores and would deadlock. */
    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                result.complete(bytes.toByteArray());
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "redis-cli-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
