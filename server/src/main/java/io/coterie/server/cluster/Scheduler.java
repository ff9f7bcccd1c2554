package io.coterie.server.cluster;

/**
 * Runs tasks later on the owning thread of a piece of protocol state. Production: a Netty event loop
 * or a single-thread executor; simulation: the virtual-time event queue. Protocol code never sleeps
 * and never reads System time: it asks the injected {@link io.coterie.ring.Clock} and schedules here.
 */
public interface Scheduler {

    /** Runs {@code task} after {@code delayMs} on this scheduler's thread. */
    Cancellable schedule(long delayMs, Runnable task);

    /** Runs {@code task} as soon as possible on this scheduler's thread. */
    void execute(Runnable task);

    /** A scheduled task that can be cancelled before it runs. */
    interface Cancellable {
        void cancel();
    }
}
