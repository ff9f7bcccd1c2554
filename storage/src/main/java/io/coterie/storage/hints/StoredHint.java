package io.coterie.storage.hints;

import java.util.Objects;

/**
 * One hint as the store keeps it: a write for {@code target} that this node holds until the target is
 * back (Dynamo §4.6). The store does not interpret {@code payload} (the cluster layer's encoded
 * SiblingSet).
 *
 * @param id        the hint book's id, unique among the hints pending on this node
 * @param target    the node the write belongs to (its node id; a safe file name)
 * @param createdMs when the hint was admitted, for the hint window
 */
public record StoredHint(long id, String target, byte[] key, byte[] payload, long createdMs) {

    public StoredHint {
        HintStore.checkTarget(target);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
    }

    /** What counts toward {@code hint-bytes-max}: key plus payload. */
    public long bytes() {
        return (long) key.length + payload.length;
    }

    public HintInfo info() {
        return new HintInfo(id, target, bytes(), createdMs);
    }
}
