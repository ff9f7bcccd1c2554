package io.coterie.ring.quorum;

import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.VectorClock;

import java.util.Objects;

/**
 * A client's write as the coordinator sees it, before it becomes a version. Plain SET and DEL carry
 * no context: they supersede whatever the coordinator has seen. VSET and VDEL carry the context the
 * client read with VGET, and supersede only that.
 */
public sealed interface ClientWrite {

    /** SET (and the other plain writes): the value, with an absolute expiry or {@link Sibling#NO_EXPIRY}. */
    record Set(byte[] value, long expireAtMs) implements ClientWrite {
        public Set {
            Objects.requireNonNull(value, "value");
        }
    }

    /** VSET key context value: supersedes every version in {@code context}. */
    record VSet(VectorClock context, byte[] value, long expireAtMs) implements ClientWrite {
        public VSet {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(value, "value");
        }
    }

    /** DEL: a tombstone superseding everything the coordinator has seen. */
    record Del() implements ClientWrite {
    }

    /** VDEL key context: a tombstone superseding the versions in {@code context}. */
    record VDel(VectorClock context) implements ClientWrite {
        public VDel {
            Objects.requireNonNull(context, "context");
        }
    }
}
