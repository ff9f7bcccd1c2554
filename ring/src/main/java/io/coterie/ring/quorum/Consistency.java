package io.coterie.ring.quorum;

import java.util.List;
import java.util.Objects;

/**
 * A connection's read and write levels (SPEC section 3, CONSISTENCY). An immutable value: the
 * connection's session holds the current one and replaces it when a CONSISTENCY command succeeds.
 */
public record Consistency(ConsistencyLevel read, ConsistencyLevel write) {

    public static final Consistency DEFAULT = new Consistency(ConsistencyLevel.QUORUM, ConsistencyLevel.QUORUM);

    public Consistency {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        if (read.isAny()) {
            throw new IllegalArgumentException("ANY is only valid for writes");
        }
    }

    /** The level a command runs at: the write level for writes, the read level otherwise. */
    public ConsistencyLevel levelFor(boolean isWrite) {
        return isWrite ? write : read;
    }

    public Consistency withRead(ConsistencyLevel level) {
        return new Consistency(level, write);
    }

    public Consistency withWrite(ConsistencyLevel level) {
        return new Consistency(read, level);
    }

    /** What CONSISTENCY with no argument shows: {@code read QUORUM write QUORUM}, as a flat pair list. */
    public List<String> describe() {
        return List.of("read", read.text(), "write", write.text());
    }
}
