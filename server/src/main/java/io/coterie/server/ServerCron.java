package io.coterie.server;

import io.coterie.server.command.server.InfoReport;
import io.coterie.storage.Store;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis's serverCron on its own thread, never on an event loop: {@link InfoReport#HZ} times a
 * second it samples ops/sec and runs active expiry — Redis's activeExpireCycle: sample a batch of
 * keys with a TTL, drop the expired ones, and go again while many were expired, within a time budget.
 */
public final class ServerCron implements AutoCloseable {

    /** Keys examined per expireCycle call (Redis samples 20 per database loop; the store's call is cheaper per key). */
    static final int EXPIRE_KEYS_PER_STEP = 200;
    /** Another step runs only if more than this share of the examined keys had expired (Redis: 10%). */
    static final int EXPIRE_REPEAT_PERCENT = 10;
    /** Redis's slow cycle may use 25% of each 100 ms tick. */
    static final long EXPIRE_TIME_BUDGET_MS = 25;

    private static final Logger log = LoggerFactory.getLogger(ServerCron.class);
    private static final long TICK_MS = 1000 / InfoReport.HZ;

    private final ServerRuntime runtime;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coterie-cron");
        t.setDaemon(true);
        return t;
    });

    public ServerCron(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long now = runtime.clock().millis();
            runtime.metrics().sampleOps(now);
            activeExpireCycle(runtime.store(), now, System::nanoTime);
            runtime.metrics().activeExpiryRuns.increment();
        } catch (RuntimeException e) {
            log.warn("server cron tick failed", e);
        }
    }

    /** Monotonic nanoseconds, injected so tests can end the budget. */
    @FunctionalInterface
    interface NanoClock {
        long nanos();
    }

    /** One active expiry run; returns the keys removed. */
    static long activeExpireCycle(Store store, long nowMs, NanoClock clock) {
        long deadline = clock.nanos() + TimeUnit.MILLISECONDS.toNanos(EXPIRE_TIME_BUDGET_MS);
        long removed = 0;
        while (true) {
            int n = store.expireCycle(nowMs, EXPIRE_KEYS_PER_STEP);
            removed += n;
            if (n * 100 <= EXPIRE_KEYS_PER_STEP * EXPIRE_REPEAT_PERCENT || clock.nanos() >= deadline) {
                return removed;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
