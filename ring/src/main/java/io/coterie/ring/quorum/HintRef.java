package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.Objects;

/**
 * A hint's bookkeeping: the durable hint store holds the payload (key and SiblingSet) under
 * {@code id}; the {@link HintBook} only decides which ids to keep and hand off.
 *
 * @param bytes     payload size, for {@code hint-bytes-max}
 * @param createdMs when it was admitted, for {@code hint-window-seconds}
 */
public record HintRef(long id, NodeId target, long bytes, long createdMs) {

    public HintRef {
        Objects.requireNonNull(target, "target");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
    }
}
