package io.coterie.sim;

import io.coterie.server.cluster.Scheduler;

/**
 * One process incarnation's {@link Scheduler}: tasks are loop events in virtual time that run only if the
 * incarnation is still alive, and late (on resume) if it is paused.
 */
public final class SimScheduler implements Scheduler {

    private final SimLoop loop;
    private final SimHost host;
    private final int incarnation;

    SimScheduler(SimLoop loop, SimHost host, int incarnation) {
        this.loop = loop;
        this.host = host;
        this.incarnation = incarnation;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Task scheduled = new Task(task);
        loop.after(Math.max(0, delayMs), "timer " + host, () -> host.run(incarnation, scheduled));
        return scheduled;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    private static final class Task implements Runnable, Cancellable {
        private final Runnable body;
        private boolean cancelled;

        Task(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (!cancelled) {
                cancelled = true;
                body.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
