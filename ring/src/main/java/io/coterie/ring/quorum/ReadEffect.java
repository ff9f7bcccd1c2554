package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;

import java.util.Objects;
import java.util.Set;

/** What a {@link ReadCoordination} asks its driver to do, in order. */
public sealed interface ReadEffect {

    /** Ask {@code to} for its versions of the key (the coordinator itself included: read locally). */
    record SendRead(NodeId to) implements ReadEffect {
        public SendRead {
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * Read repair (Dynamo §4.5 and §5): {@code to} answered with a stale state; send it
     * {@code versions}, which it merges (never overwrites). {@code blocking} repairs are the ones the
     * client's reply waits on, when the coordination was built to wait.
     */
    record SendRepair(NodeId to, SiblingSet versions, boolean blocking) implements ReadEffect {
        public SendRepair {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(versions, "versions");
        }
    }

    /**
     * Reply to the client from {@code versions}: GET shows its {@code visible(now)} sibling, VGET all
     * of them with its context. Empty if no replica held the key.
     */
    record Succeed(SiblingSet versions, Set<NodeId> counted) implements ReadEffect {
        public Succeed {
            Objects.requireNonNull(versions, "versions");
            counted = Set.copyOf(counted);
        }
    }

    /** Reply {@code -}{@link NoQuorum#text()} to the client. */
    record Fail(NoQuorum failure) implements ReadEffect {
        public Fail {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
