package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 for real: a child JVM writes under appendfsync always and reports each acknowledged key;
 * it is SIGKILLed mid-stream; the store must reopen quickly with every acknowledged write.
 */
class KillRecoveryTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillRecoveryTest.class);
    private static final long REOPEN_MS_MAX = 10_000;

    private Path dir;

    /**
     * The first Chronicle Map a JVM opens costs seconds of one-time class generation; a server pays it
     * at start either way. Pay it here so the reopen time measured below is the recovery itself.
     */
    @BeforeAll
    static void warmUpChronicle() {
        Path warm = TempDirs.create("warm");
        try {
            ChronicleStore.open(TempDirs.options(warm, AppendFsync.NO, 1000)).close();
        } finally {
            TempDirs.delete(warm);
        }
    }

    @AfterEach
    void cleanUp() {
        TempDirs.delete(dir);
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillRepeatedly() throws Exception {
        dir = TempDirs.create("kill");
        int next = 0;
        // always: acknowledged = fsynced; everysec: acknowledged = written to the OS, which kill -9 keeps.
        AppendFsync[] modes = {AppendFsync.ALWAYS, AppendFsync.EVERYSEC};
        for (int round = 0; round < modes.length; round++) {
            int lastAck = runAndKill(dir, next, 300 + round * 200, modes[round], 1);
            long start = System.nanoTime();
            ChronicleStore store = ChronicleStore.open(new StoreOptions(dir, AppendFsync.ALWAYS, 100_000, 0));
            long reopenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            LOG.info("round {} ({}): last acknowledged key {}, reopened after kill -9 in {} ms", round, modes[round], lastAck,
                    reopenMs);
            try {
                assertTrue(store.recoveredFromCrash(), "a SIGKILLed run is an unclean shutdown");
                for (int i = 0; i <= lastAck; i++) {
                    Record r = store.get(CrashingWriter.key(i), 0);
                    if (CrashingWriter.deletedLater(i)) {
                        assertNull(r, "deleted key " + i);
                    } else {
                        assertNotNull(r, "acknowledged key " + i + " lost");
                        assertArrayEquals(CrashingWriter.value(i), r.value(), "value of key " + i);
                    }
                }
                int counter = Integer.parseInt(new String(store.get("counter".getBytes(StandardCharsets.UTF_8), 0).value(),
                        StandardCharsets.UTF_8));
                assertTrue(counter >= lastAck, "counter " + counter + " behind acknowledged " + lastAck);
                assertTrue(reopenMs < REOPEN_MS_MAX, "reopen took " + reopenMs + " ms");
            } finally {
                store.close();
            }
            next = lastAck + 1;
        }
    }

    /** Starts the writer at key {@code first}, kills it after {@code acks} acknowledged keys; returns the last acked key. */
    static int runAndKill(Path dir, int first, int acks, AppendFsync fsync, int ackEvery) throws Exception {
        return runAndKill(CrashingWriter.class, List.of(dir.toString(), Integer.toString(first), fsync.redisName(),
                Integer.toString(ackEvery)), first, acks);
    }

    /**
     * Runs {@code main} in a child JVM on this test's class path, reads its "ACK i" lines (i counting up
     * from {@code first}) and kills it with SIGKILL after {@code acks} of them; returns the last acked i.
     */
    static int runAndKill(Class<?> main, List<String> args, int first, int acks) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAck = first - 1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Integer.parseInt(line.substring(4));
                    if (lastAck - first + 1 >= acks) {
                        // Killed mid-stream: the child is between writes or inside one.
                        p.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(first + acks - 1, lastAck, "child wrote as many keys as expected before it was killed");
        return lastAck;
    }
}
