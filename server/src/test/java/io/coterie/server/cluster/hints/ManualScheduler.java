package io.coterie.server.cluster.hints;

import io.coterie.ring.Clock;
import io.coterie.server.cluster.Scheduler;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A single-threaded {@link Scheduler} on a virtual clock for tests: {@link #execute} runs the task at
 * once (after whatever is already running, as one thread would), unless {@link #hold} queues it until
 * {@link #step} or {@link #release}; timers fire only when {@link #advance} moves the clock past them.
 */
final class ManualScheduler implements Scheduler {

    private record Timer(long atMs, long seq, Runnable task, boolean[] cancelled) {}

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            (a, b) -> a.atMs() != b.atMs() ? Long.compare(a.atMs(), b.atMs()) : Long.compare(a.seq(), b.seq()));
    private long nowMs;
    private long seq;
    private boolean running;
    private boolean held;

    ManualScheduler(long startMs) {
        this.nowMs = startMs;
    }

    Clock clock() {
        return () -> nowMs;
    }

    long nowMs() {
        return nowMs;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(nowMs + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
        if (!held) {
            drain();
        }
    }

    void hold() {
        held = true;
    }

    int queued() {
        return ready.size();
    }

    /** Runs the oldest queued task only. */
    void step() {
        running = true;
        try {
            ready.poll().run();
        } finally {
            running = false;
        }
    }

    void release() {
        held = false;
        drain();
    }

    /** Moves the clock forward by {@code ms}, firing every timer due on the way, in time order. */
    void advance(long ms) {
        long until = nowMs + ms;
        while (!timers.isEmpty() && timers.peek().atMs() <= until) {
            Timer t = timers.poll();
            nowMs = Math.max(nowMs, t.atMs());
            if (!t.cancelled()[0]) {
                execute(t.task());
            }
        }
        nowMs = until;
    }

    private void drain() {
        if (running) {
            return;
        }
        running = true;
        try {
            while (!held && !ready.isEmpty()) {
                ready.poll().run();
            }
        } finally {
            running = false;
        }
    }
}
