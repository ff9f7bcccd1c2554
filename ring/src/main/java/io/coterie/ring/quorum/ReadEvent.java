package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;

import java.util.Objects;
import java.util.Optional;

/** What the driver feeds a {@link ReadCoordination}. */
public sealed interface ReadEvent {

    /** {@code from} answered; {@code versions} is empty if it holds nothing for the key. */
    record Replied(NodeId from, Optional<SiblingSet> versions) implements ReadEvent {
        public Replied {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(versions, "versions");
        }

        /** What the reply means for merging: nothing held is the empty set. */
        SiblingSet orEmpty() {
            return versions.orElse(SiblingSet.empty());
        }
    }

    /** Reading from {@code from} failed (connection lost, marked down mid-request). */
    record Failed(NodeId from) implements ReadEvent {
        public Failed {
            Objects.requireNonNull(from, "from");
        }
    }

    /** {@code from} applied (merged) a {@link ReadEffect.SendRepair}. */
    record RepairAcked(NodeId from) implements ReadEvent {
        public RepairAcked {
            Objects.requireNonNull(from, "from");
        }
    }

    /** A repair write to {@code from} failed; anti-entropy or a hint will catch it up later. */
    record RepairFailed(NodeId from) implements ReadEvent {
        public RepairFailed {
            Objects.requireNonNull(from, "from");
        }
    }

    /** The request deadline ({@code request-timeout-ms}) passed. */
    record TimedOut() implements ReadEvent {
    }

    TimedOut TIMED_OUT = new TimedOut();
}
