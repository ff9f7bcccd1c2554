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

    /** A plain SET or DEL: it supersedes an unknown part of what was written before it completed. */
    default boolean overwrites() {
        return false;
    }

    /**
     * @param overwrites a plain Redis write (SET): it supersedes whatever its coordinator held, which the client never
     *                   saw — some of the values written before it completed; {@code contextFrom} is then empty
     */
    record Write(String key, String value, OptionalLong contextFrom, boolean overwrites) implements Op {
        public Write {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(contextFrom, "contextFrom");
            if (overwrites && contextFrom.isPresent()) {
                throw new IllegalArgumentException("a plain overwrite passes no context");
            }
        }

        /** VSET: with a read's context, or blind (a new sibling). */
        public Write(String key, String value, OptionalLong contextFrom) {
            this(key, value, contextFrom, false);
        }
    }

    /** @param overwrites a plain Redis DEL: a tombstone over whatever its coordinator held (see {@link Write}) */
    record Delete(String key, OptionalLong contextFrom, boolean overwrites) implements Op {
        public Delete {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(contextFrom, "contextFrom");
            if (overwrites && contextFrom.isPresent()) {
                throw new IllegalArgumentException("a plain overwrite passes no context");
            }
        }

        /** VDEL with a read's context. */
        public Delete(String key, OptionalLong contextFrom) {
            this(key, contextFrom, false);
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
