package io.coterie.server.cluster.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs a move's sessions at most {@code inFlightMax} at a time and sums their reports. The first failure fails the
 * move at once and tells the other sessions (through {@link #abandoned()}) to stop at their next batch.
 */
final class BoundedRuns {

    private final Deque<Function<BooleanSupplier, CompletableFuture<DataMover.MoveReport>>> queued;
    private final int inFlightMax;
    private final CompletableFuture<DataMover.MoveReport> result = new CompletableFuture<>();
    private DataMover.MoveReport total = DataMover.MoveReport.NOTHING;
    private int running;

    /** @param runs each starts one session, given the flag it must poll to stop early */
    BoundedRuns(List<Function<BooleanSupplier, CompletableFuture<DataMover.MoveReport>>> runs, int inFlightMax) {
        this.queued = new ArrayDeque<>(runs);
        this.inFlightMax = inFlightMax;
    }

    CompletableFuture<DataMover.MoveReport> start() {
        startMore();
        return result;
    }

    private BooleanSupplier abandoned() {
        return result::isDone;
    }

    private void startMore() {
        List<Function<BooleanSupplier, CompletableFuture<DataMover.MoveReport>>> starting = new ArrayList<>();
        synchronized (this) {
            while (running < inFlightMax && !queued.isEmpty() && !result.isDone()) {
                starting.add(queued.poll());
                running++;
            }
            if (running == 0 && queued.isEmpty()) {
                result.complete(total);
                return;
            }
        }
        // Started outside the lock: a session that completes at once re-enters startMore.
        for (var run : starting) {
            CompletableFuture<DataMover.MoveReport> session;
            try {
                session = run.apply(abandoned());
            } catch (RuntimeException e) {
                session = CompletableFuture.failedFuture(e);
            }
            session.whenComplete((report, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                    return;
                }
                synchronized (this) {
                    total = total.plus(report);
                    running--;
                }
                startMore();
            });
        }
    }
}
