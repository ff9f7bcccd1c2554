package io.coterie.server.cluster;

import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Defers work to the end of the current Netty event-loop iteration, after the loop has read from every ready
 * connection (as Redis's beforeSleep runs), so work that costs a system call — writing the commit log — is done once
 * for everything the iteration did. Off an event loop (a pool thread, the simulator) the work runs at once.
 */
public final class LoopTurnEnd {

    private LoopTurnEnd() {
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
