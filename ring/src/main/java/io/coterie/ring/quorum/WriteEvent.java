package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.Objects;

/** What the driver feeds a {@link WriteCoordination}: replies, failures, local hint outcomes, the deadline. */
public sealed interface WriteEvent {

    /** {@code from} durably applied the write (as a replica, or holding it as a hint if it is a fallback). */
    record Acked(NodeId from) implements WriteEvent {
        public Acked {
            Objects.requireNonNull(from, "from");
        }
    }

    /** Sending to {@code from} failed or it refused the write (connection lost, OOM, marked down mid-request). */
    record Failed(NodeId from) implements WriteEvent {
        public Failed {
            Objects.requireNonNull(from, "from");
        }
    }

    /** The coordinator durably stored the hint asked for by {@link WriteEffect.StoreHint} for {@code home}. */
    record HintStored(NodeId home) implements WriteEvent {
        public HintStored {
            Objects.requireNonNull(home, "home");
        }
    }

    /** The request deadline ({@code request-timeout-ms}) passed. */
    record TimedOut() implements WriteEvent {
    }

    TimedOut TIMED_OUT = new TimedOut();
}
