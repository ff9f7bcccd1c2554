package io.coterie.server.cluster;

import io.coterie.storage.DurabilityMark;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.concurrent.CompletableFuture;

/**
 * Defers work to the end of the current Netty event-loop iteration, after the loop has read from every ready
 * connection (as Redis's beforeSleep runs), so work that costs a system call — writing the commit log — is done once
 * for everything the iteration did. Off an event loop (a pool thread, the simulator) the work runs at once.
 */
public final class LoopTurnEnd {

    private LoopTurnEnd() {
    }

    /**
     * Completes once {@code mark} is as durable as appendfsync promises, awaited at the end of this turn (at once off
     * an event loop), so one write of the commit log covers the turn; exceptionally if the log cannot be written.
     */
    public static CompletableFuture<Void> awaitDurable(DurabilityMark mark) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        run(() -> {
            try {
                mark.await();
                durable.complete(null);
            } catch (RuntimeException e) {
                durable.completeExceptionally(e);
            }
        });
        return durable;
    }

    public static void run(Runnable task) {
        // Netty's own map from thread to executor: internal, but what its executors use to know where they run.
        EventExecutor here = ThreadExecutorMap.currentExecutor();
        // An I/O loop runs its end-of-iteration tasks every turn; a plain DefaultEventLoop only when it shuts down.
        if (here instanceof SingleThreadIoEventLoop loop && loop.inEventLoop()) {
            loop.executeAfterEventLoopIteration(task);
        } else {
            task.run();
        }
    }
}
