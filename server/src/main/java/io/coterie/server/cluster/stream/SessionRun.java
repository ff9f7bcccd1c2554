package io.coterie.server.cluster.stream;

import io.coterie.ring.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives one session to the end: open a pass, then fetch → deliver → count, batch after batch, with at most one
 * batch fetched ahead of the one being delivered; on a
 * failure abandon the pass and, after a backoff, open a new one at the last resume cursor, at most
 * {@link StreamLimits#attemptsMax()} attempts in all. Every step continues on the stream executor (never on a Netty
 * event loop), and the next step is scheduled only after the previous one finished, so the run's counters have one
 * writer at a time. A fetch still under way when its attempt fails is ignored: the legs refuse stale results.
 */
final class SessionRun {

    private static final Logger log = LoggerFactory.getLogger(SessionRun.class);

    private final SessionLeg leg;
    private final int slotCount;
    private final StreamLimits limits;
    private final Throttle throttle;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final BooleanSupplier abandoned;
    private final CompletableFuture<DataMover.MoveReport> result = new CompletableFuture<>();
    // One writer at a time (see class comment); volatile because consecutive steps may run on different threads.
    private volatile long resumeCursor;
    private volatile int failures;
    private volatile long keys;
    private volatile long bytes;

    SessionRun(SessionLeg leg, int slotCount, StreamLimits limits, Throttle throttle, ScheduledExecutorService executor,
               Clock clock, BooleanSupplier abandoned) {
        this.leg = leg;
        this.slotCount = slotCount;
        this.limits = limits;
        this.throttle = throttle;
        this.executor = executor;
        this.clock = clock;
        this.abandoned = abandoned;
    }

    /** Starts the run; the report's keys and bytes count every record transferred, re-sends after a retry included. */
    CompletableFuture<DataMover.MoveReport> start() {
        executor.execute(this::attempt);
        return result;
    }

    private void attempt() {
        if (stopIfAbandoned()) {
            return;
        }
        CompletableFuture<Void> opened;
        try {
            opened = leg.open(resumeCursor);
        } catch (RuntimeException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        opened.whenCompleteAsync((ok, error) -> {
            if (error != null) {
                fail(error);
            } else {
                step(fetch());
            }
        }, executor);
    }

    /**
     * Delivers the batch {@code fetching} brings, having asked for the one after it first, so the source reads
     * batch n + 1 while the receiver stores batch n; at most one batch is fetched ahead.
     */
    private void step(CompletableFuture<StreamMessage.Batch> fetching) {
        if (stopIfAbandoned()) {
            return;
        }
        fetching.thenCompose(batch -> {
            CompletableFuture<StreamMessage.Batch> ahead = batch.done() ? null : fetch();
            return deliver(batch).thenApply(ok -> new Delivered(batch, ahead));
        }).whenCompleteAsync((delivered, error) -> {
            if (error != null) {
                fail(error);
                return;
            }
            StreamMessage.Batch batch = delivered.batch();
            long batchBytes = batch.recordBytes();
            keys += batch.records().size();
            bytes += batchBytes;
            resumeCursor = batch.resumeCursor();
            if (batch.done()) {
                result.complete(new DataMover.MoveReport(slotCount, keys, bytes, 0));
                return;
            }
            long delayMs = throttle.delayMsAfter(batchBytes, clock.millis());
            if (delayMs > 0) {
                executor.schedule(() -> step(delivered.ahead()), delayMs, TimeUnit.MILLISECONDS);
            } else {
                executor.execute(() -> step(delivered.ahead()));
            }
        }, executor);
    }

    private CompletableFuture<StreamMessage.Batch> fetch() {
        try {
            return leg.fetch();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> deliver(StreamMessage.Batch batch) {
        try {
            return leg.deliver(batch);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A delivered batch and the fetch of the next one, already under way (null after the last batch). */
    private record Delivered(StreamMessage.Batch batch, CompletableFuture<StreamMessage.Batch> ahead) {
    }

    private void fail(Throwable error) {
        Throwable cause = unwrap(error);
        leg.abandon();
        int failed = ++failures;
        if (failed >= limits.attemptsMax()) {
            result.completeExceptionally(new StreamException(leg.describe() + " failed after " + failed
                    + " attempts: " + cause.getMessage(), cause));
            return;
        }
        long backoffMs = limits.backoffMs(failed);
        log.warn("{} failed (attempt {} of {}), retrying from cursor {} in {} ms: {}", leg.describe(), failed,
                limits.attemptsMax(), resumeCursor, backoffMs, cause.toString());
        executor.schedule(this::attempt, backoffMs, TimeUnit.MILLISECONDS);
    }

    private boolean stopIfAbandoned() {
        if (!abandoned.getAsBoolean()) {
            return false;
        }
        leg.abandon();
        result.completeExceptionally(new StreamException(leg.describe() + " abandoned: another part of the move failed"));
        return true;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
