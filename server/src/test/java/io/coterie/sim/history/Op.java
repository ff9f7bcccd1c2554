package io.coterie.sim.history;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a client asked for. Causality is recorded the way a Dynamo client creates it: a write or delete carries the
 * id of the read whose context it passed (VSET/VDEL with that context), or nothing for a blind write. Values must be
 * unique per key across the history, so a value names the write that produced it.
 */
public sealed interface Op {

    String key();

    /** The read whose context this write passed, if any. Reads have none. */
    OptionalLong contextFrom();

    record Write(String key, String value, OptionalLong contextFrom) implements Op {
        public Write {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(contextFrom, "contextFrom");
        }
    }

    record Delete(String key, OptionalLong contextFrom) implements Op {
        public Delete {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(contextFrom, "contextFrom");
        }
    }

    /**
     * A read: VGET shows all siblings ({@code allSiblings}); GET shows one, the last-writer-wins sibling, or nothing
     * when that one is a tombstone — so a GET's answer says less, and only VGET gives a context.
     */
    record Read(String key, boolean allSiblings) implements Op {
        public Read {
            Objects.requireNonNull(key, "key");
        }

        /** VGET. */
        public Read(String key) {
            this(key, true);
        }

        @Override
        public OptionalLong contextFrom() {
            return OptionalLong.empty();
        }
    }
}
