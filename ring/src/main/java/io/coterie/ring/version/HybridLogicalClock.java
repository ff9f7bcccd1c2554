package io.coterie.ring.version;

import io.coterie.ring.Clock;

import java.util.Objects;

/**
 * One node's hybrid logical clock (Kulkarni et al. 2014, Fig. 5): readings never go backwards even
 * when the injected wall clock does, they stay close to wall time, and a receive moves the clock
 * past the sender's reading so causally later writes get larger timestamps — which is what makes
 * "highest HLC wins" a safe last-writer-wins rule.
 *
 * <p>Mutable: owned by one thread (the node's event loop for versions); not thread-safe.
 */
public final class HybridLogicalClock {

    public static final long MAX_DRIFT_MS_DEFAULT = 60_000;

    private final Clock clock;
    private final long maxDriftMs;
    private HlcTimestamp last;

    public HybridLogicalClock(Clock clock) {
        this(clock, MAX_DRIFT_MS_DEFAULT);
    }

    public HybridLogicalClock(Clock clock, long maxDriftMs) {
        this(clock, maxDriftMs, HlcTimestamp.ZERO);
    }

    /**
     * A clock whose readings all come after {@code startAfter}: a restarted node passes the highest
     * timestamp it persisted, so its clock cannot go back across a restart even if the wall clock did.
     */
    public HybridLogicalClock(Clock clock, long maxDriftMs, HlcTimestamp startAfter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxDriftMs < 0) {
            throw new IllegalArgumentException("maxDriftMs must be >= 0, was " + maxDriftMs);
        }
        this.maxDriftMs = maxDriftMs;
        this.last = Objects.requireNonNull(startAfter, "startAfter");
    }

    /** A timestamp for a local or send event: max(last, wall clock), bumping the counter on a tie. */
    public HlcTimestamp now() {
        long wallMs = wallMs();
        last = wallMs > last.physicalMs() ? new HlcTimestamp(wallMs, 0) : last.nextLogical();
        return last;
    }

    /**
     * A receive event carrying {@code remote}: the result is later than both the local clock and
     * {@code remote}. A remote reading more than the max drift ahead of our wall clock is rejected.
     */
    public HlcUpdate update(HlcTimestamp remote) {
        long wallMs = wallMs();
        long aheadMs = remote.physicalMs() - wallMs;
        if (aheadMs > maxDriftMs) {
            return new HlcUpdate.RejectedAhead(remote, aheadMs, maxDriftMs);
        }
        long physical = Math.max(wallMs, Math.max(last.physicalMs(), remote.physicalMs()));
        HlcTimestamp next;
        if (physical == last.physicalMs() && physical == remote.physicalMs()) {
            next = new HlcTimestamp(physical, Math.max(last.logical(), remote.logical())).nextLogical();
        } else if (physical == last.physicalMs()) {
            next = last.nextLogical();
        } else if (physical == remote.physicalMs()) {
            next = remote.nextLogical();
        } else {
            next = new HlcTimestamp(physical, 0);
        }
        last = next;
        return new HlcUpdate.Accepted(next);
    }

    /** The latest reading handed out, without advancing. */
    public HlcTimestamp last() {
        return last;
    }

    public long maxDriftMs() {
        return maxDriftMs;
    }

    private long wallMs() {
        return Math.max(0, Math.min(clock.millis(), HlcTimestamp.PHYSICAL_MAX_MS));
    }
}
