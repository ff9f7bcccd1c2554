package io.coterie.sim;

import io.coterie.ring.Clock;

/**
 * One node's wall clock: virtual time plus an offset (a step, as NTP or an operator makes) plus drift in parts per
 * million since the last step. Clocks of different nodes disagree, and a step may go backwards, as the
 * {@link Clock} contract allows; durations (timers) are not affected, as a monotonic clock's are not.
 */
public final class SimClock implements Clock {

    /** Virtual time 0 is this wall-clock instant (2026-01-01T00:00:00Z), so generations look like real ones. */
    public static final long EPOCH_MS = 1_767_225_600_000L;

    private final SimLoop loop;
    private long offsetMs;
    private long driftPpm;
    private long anchorMs;

    public SimClock(SimLoop loop) {
        this.loop = loop;
    }

    @Override
    public long millis() {
        long now = loop.nowMs();
        return EPOCH_MS + now + offsetMs + drift(now);
    }

    /** Steps the clock by {@code stepMs} (negative: backwards) and makes it drift by {@code driftPpm} from now on. */
    public void skew(long stepMs, long driftPpm) {
        long now = loop.nowMs();
        offsetMs += drift(now) + stepMs;
        anchorMs = now;
        this.driftPpm = driftPpm;
    }

    /** How far this clock is from virtual time, in ms. */
    public long offsetMs() {
        return millis() - EPOCH_MS - loop.nowMs();
    }

    private long drift(long now) {
        return (now - anchorMs) * driftPpm / 1_000_000;
    }
}
