package io.coterie.sim;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The discrete-event loop every simulated node, link and client runs on: one thread, virtual time in milliseconds
 * from 0, events ordered by (time, sequence number) so that ties break in scheduling order and a run is a pure
 * function of its seed. Time only moves when the loop takes the next event (etcd raft: time is a counter the caller
 * advances).
 */
public final class SimLoop {

    private record Event(long atMs, long seq, String label, Runnable action) {
    }

    private final PriorityQueue<Event> queue =
            new PriorityQueue<>(Comparator.comparingLong(Event::atMs).thenComparingLong(Event::seq));
    private final SimTrace trace;
    /** Bounds a runaway run (a timer storm, a message loop): more pending events than this fails the run. */
    private final int queuedEventsMax;
    private Runnable afterEvent = () -> { };
    private long nowMs;
    private long seq;
    private long eventsRun;

    public SimLoop(SimTrace trace, int queuedEventsMax) {
        this.trace = trace;
        this.queuedEventsMax = queuedEventsMax;
    }

    public long nowMs() {
        return nowMs;
    }

    public long eventsRun() {
        return eventsRun;
    }

    public SimTrace trace() {
        return trace;
    }

    /** Runs after every event: where safety invariants are checked, so a violation stops at the event that caused it. */
    public void afterEachEvent(Runnable check) {
        this.afterEvent = check;
    }

    /** Schedules {@code action} at virtual time {@code atMs} (never in the past); {@code label} goes into the trace. */
    public void at(long atMs, String label, Runnable action) {
        if (atMs < nowMs) {
            throw new IllegalArgumentException("cannot schedule at " + atMs + ", it is already " + nowMs + ": " + label);
        }
        if (queue.size() >= queuedEventsMax) {
            throw new IllegalStateException("more than queuedEventsMax=" + queuedEventsMax + " pending events at "
                    + nowMs + " ms; last scheduled: " + label);
        }
        queue.add(new Event(atMs, seq++, label, action));
    }

    public void after(long delayMs, String label, Runnable action) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("negative delay " + delayMs + ": " + label);
        }
        at(nowMs + delayMs, label, action);
    }

    /** Runs the next event; false if there is none. */
    public boolean step() {
        Event event = queue.poll();
        if (event == null) {
            return false;
        }
        nowMs = event.atMs();
        eventsRun++;
        trace.record(nowMs, event.label());
        try {
            event.action().run();
            afterEvent.run();
        } catch (RuntimeException | AssertionError e) {
            // Name the event that broke the run; the seed runner adds the seed and the replay command.
            throw new AssertionError("at " + nowMs + " ms, event #" + eventsRun + " '" + event.label() + "': " + e.getMessage(), e);
        }
        return true;
    }

    /** Runs every event due at or before {@code untilMs}, then sets the time to {@code untilMs}. */
    public void runUntil(long untilMs) {
        while (!queue.isEmpty() && queue.peek().atMs() <= untilMs) {
            step();
        }
        nowMs = Math.max(nowMs, untilMs);
    }

    public void runFor(long durationMs) {
        runUntil(nowMs + durationMs);
    }

    /**
     * Runs until {@code condition} holds, probing every {@code probeEveryMs}; returns the virtual time it first held
     * at, or -1 if it had not by {@code deadlineMs}.
     */
    public long runUntil(BooleanSupplier condition, long probeEveryMs, long deadlineMs) {
        while (nowMs <= deadlineMs) {
            if (condition.getAsBoolean()) {
                return nowMs;
            }
            runUntil(Math.min(deadlineMs + 1, nowMs + probeEveryMs));
        }
        return -1;
    }
}
