package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.Objects;
import java.util.Set;

/**
 * What a {@link WriteCoordination} asks its driver to do, in order. The version (the SiblingSet the
 * coordinator produced) is the driver's: every send carries the same one.
 */
public sealed interface WriteEffect {

    /** Replicate the write to home replica {@code to} (the coordinator itself included: apply locally). */
    record SendWrite(NodeId to) implements WriteEffect {
        public SendWrite {
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * Send the write to fallback {@code to}, which keeps it as a hint naming {@code home} and hands it
     * off when {@code home} is up again (Dynamo §4.6).
     */
    record SendHintedWrite(NodeId to, NodeId home) implements WriteEffect {
        public SendHintedWrite {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(home, "home");
        }
    }

    /** Store a hint for {@code home} in the coordinator's own durable hint store, then feed {@link WriteEvent.HintStored}. */
    record StoreHint(NodeId home) implements WriteEffect {
        public StoreHint {
            Objects.requireNonNull(home, "home");
        }
    }

    /**
     * Reply OK to the client: the level was reached.
     *
     * @param homeAcks     home replicas that acknowledged
     * @param fallbackAcks fallbacks that acknowledged (counted with sloppy quorum or ANY)
     * @param hintsStored  homes the coordinator holds a hint for (counted only for ANY)
     */
    record Succeed(Set<NodeId> homeAcks, Set<NodeId> fallbackAcks, Set<NodeId> hintsStored) implements WriteEffect {
        public Succeed {
            homeAcks = Set.copyOf(homeAcks);
            fallbackAcks = Set.copyOf(fallbackAcks);
            hintsStored = Set.copyOf(hintsStored);
        }
    }

    /** Reply {@code -}{@link NoQuorum#text()} to the client. */
    record Fail(NoQuorum failure) implements WriteEffect {
        public Fail {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
