package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.RawConnection;
import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Acknowledged writes survive kill -9 under appendfsync always; a clean SIGTERM restart keeps data and TTLs. */
class CrashRestartIT {

    private static final int WRITERS = 4;
    private static final Duration WRITE_BEFORE_KILL = Duration.ofSeconds(2);
    /** Writers stop by themselves at this count even if the kill never comes. */
    private static final int WRITES_PER_WRITER_MAX = 500_000;
    private static final Duration RECOVERY_MAX = Duration.ofSeconds(20);
    private static final int VERIFY_BATCH = 500;
    private static final long SHORT_TTL_MILLIS = 300;

    private final Target target = Target.current();

    @Test
    void everyAcknowledgedWriteSurvivesKill9WithAppendfsyncAlways() throws Exception {
        try (ServerProcess server = target.server("CrashRestart-kill9", target.durability("always")).start()) {
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                attempts.add(writers.submit(() -> writeUntilStopped(server, writer, acknowledged, stop)));
            }
            Thread.sleep(WRITE_BEFORE_KILL.toMillis());
            server.kill9();
            stop.set(true);
            writers.shutdown();
            assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS), "writers did not stop");
            int attempted = 0;
            for (Future<Integer> count : attempts) {
                attempted += count.get();
            }
            assertTrue(acknowledged.size() > 0, "no write was acknowledged before the kill");

            server.restart();
            Duration recovery = server.lastStartupTime();
            int verified = verify(server, acknowledged);
            System.out.printf("kill -9 under appendfsync always (%s): attempted %d, acknowledged %d, verified %d, "
                    + "restart to first PONG %d ms%n", target, attempted, acknowledged.size(), verified, recovery.toMillis());
            assertTrue(recovery.compareTo(RECOVERY_MAX) <= 0, "restart took " + recovery.toMillis() + " ms");
            assertEquals(acknowledged.size(), verified);
        }
    }

    /** SETs distinct keys until stopped or the connection dies; records each write the server acknowledged. */
    private static int writeUntilStopped(ServerProcess server, int writer, Map<String, String> acknowledged, AtomicBoolean stop) {
        int attempted = 0;
        try (RawConnection c = new RawConnection(server)) {
            while (!stop.get() && attempted < WRITES_PER_WRITER_MAX) {
                String key = "w" + writer + ":" + attempted;
                String value = "value-" + writer + "-" + attempted + "-" + System.nanoTime();
                attempted++;
                Object reply = c.call("SET", key, value);
                if (!"OK".equals(reply)) {
                    throw new AssertionError("SET " + key + " answered " + reply);
                }
                acknowledged.put(key, value);
            }
        } catch (RuntimeException connectionLost) {
            // Expected once the server is killed: the write in flight is neither acknowledged nor recorded.
        }
        return attempted;
    }

    private static int verify(ServerProcess server, Map<String, String> acknowledged) {
        List<String> keys = new ArrayList<>(acknowledged.keySet());
        int verified = 0;
        try (RawConnection c = new RawConnection(server)) {
            for (int from = 0; from < keys.size(); from += VERIFY_BATCH) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + VERIFY_BATCH));
                List<String> args = new ArrayList<>(batch);
                args.add(0, "MGET");
                Object reply = c.call(args.toArray(String[]::new));
                List<?> values = assertInstanceOf(List.class, reply, () -> "MGET answered " + reply);
                for (int i = 0; i < batch.size(); i++) {
                    assertEquals(acknowledged.get(batch.get(i)), values.get(i), "acknowledged write of " + batch.get(i));
                    verified++;
                }
            }
        }
        return verified;
    }

    @Test
    void cleanRestartKeepsDataAndTtls() throws InterruptedException {
        try (ServerProcess server = target.server("CrashRestart-sigterm", target.durability("everysec")).start()) {
            Map<String, Long> expireTimes = new ConcurrentHashMap<>();
            long shortDeadlineMillis;
            try (RawConnection c = new RawConnection(server)) {
                for (int i = 0; i < 1000; i++) {
                    c.call("SET", "plain:" + i, "p" + i);
                    c.call("SET", "ttl:" + i, "t" + i, "EX", Integer.toString(1000 + i));
                }
                c.call("SET", "short", "gone-after-restart", "PX", Long.toString(SHORT_TTL_MILLIS));
                shortDeadlineMillis = System.currentTimeMillis() + SHORT_TTL_MILLIS;
                for (int i = 0; i < 1000; i++) {
                    Object expireTime = c.call("PEXPIRETIME", "ttl:" + i);
                    expireTimes.put("ttl:" + i, assertInstanceOf(Long.class, expireTime, () -> "PEXPIRETIME answered " + expireTime));
                }
            }
            assertEquals(0, server.stop(), "SIGTERM is a clean shutdown; log:\n" + server.logTail());
            server.start();
            Thread.sleep(Math.max(0, shortDeadlineMillis + 100 - System.currentTimeMillis()));
            try (RawConnection c = new RawConnection(server)) {
                assertEquals(null, c.call("GET", "short"), "a TTL that ran out across the restart expires");
                assertEquals(2000L, c.call("DBSIZE"), "every other key came back");
                for (int i = 0; i < 1000; i++) {
                    assertEquals("p" + i, c.call("GET", "plain:" + i));
                    assertEquals(-1L, c.call("TTL", "plain:" + i));
                    assertEquals("t" + i, c.call("GET", "ttl:" + i));
                    assertEquals(expireTimes.get("ttl:" + i), c.call("PEXPIRETIME", "ttl:" + i), "absolute expiry of ttl:" + i);
                }
            }
        }
    }
}
