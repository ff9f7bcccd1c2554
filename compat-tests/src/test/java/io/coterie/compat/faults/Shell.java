package io.coterie.compat.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, iptables) with a time limit; a failure says which command and what it printed. */
final class Shell {

    private static final long TIMEOUT_SECONDS = 20;

    private Shell() {
    }

    /** Runs {@code cmd}; returns its output, or throws with the output if it fails or hangs. */
    static String run(String... cmd) {
        Result r = attempt(cmd);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exitCode() + ": " + r.output().strip());
        }
        return r.output();
    }

    /** Runs {@code cmd}; a non-zero exit is returned, not thrown. */
    static Result attempt(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, output + " (timed out after " + TIMEOUT_SECONDS + " s)");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + List.of(cmd), e);
        }
    }

    /** Whether {@code program} is on the PATH. */
    static boolean has(String program) {
        return attempt("sh", "-c", "command -v " + program).exitCode() == 0;
    }

    record Result(int exitCode, String output) {
    }
}
