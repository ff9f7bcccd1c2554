package io.coterie.server.cluster;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Where cluster work that touches the store runs (replica merges, coordinator continuations): on the calling thread
 * — a bus event loop, usually — unless a write may wait for fsync ({@code appendfsync always}), which must not stall
 * an event loop and goes to a pool instead. A Chronicle Map read or an append to the commit log's buffer costs less
 * than handing the work to another thread and waking it, which on a loaded machine was most of a quorum request's
 * latency (docs/benchmarks.md).
 */
public final class StoreWorkExecutor implements Executor {

    private final Executor mayBlock;
    private final BooleanSupplier writesWaitForFsync;

    /**
     * @param mayBlock           where work goes while writes wait for fsync
     * @param writesWaitForFsync read on every task, so CONFIG SET appendfsync applies at once
     */
    public StoreWorkExecutor(Executor mayBlock, BooleanSupplier writesWaitForFsync) {
        this.mayBlock = mayBlock;
        this.writesWaitForFsync = writesWaitForFsync;
    }

    @Override
    public void execute(Runnable task) {
        if (writesWaitForFsync.getAsBoolean()) {
            mayBlock.execute(task);
        } else {
            task.run();
        }
    }
}
