package io.coterie.sim.history;

import java.util.Objects;

/** One thing the history shows the system got wrong, with a message that says what and which operations. */
public record Anomaly(Kind kind, String key, String message) {

    public enum Kind {
        /** An acknowledged write is gone after heal, and nothing written causally after it is visible. */
        LOST_WRITE,
        /** An acknowledged write lost to a concurrent one (last-write-wins) instead of surviving as a sibling. */
        SIBLING_DROPPED,
        /** With R+W>N and no sloppy quorum, a read missed a write acknowledged before it started. */
        STALE_READ,
        /** A value superseded by an acknowledged delete (a tombstone) or overwrite is visible again after heal. */
        RESURRECTED,
        /** A read saw a value nobody wrote, or saw it before its write was invoked. */
        PHANTOM_VALUE,
        /** The history itself is inconsistent (a context from a read of another key, a value written twice...). */
        MALFORMED_HISTORY
    }

    public Anomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + " on " + key + ": " + message;
    }
}
