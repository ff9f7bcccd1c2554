package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.storage.ExpiryListener;
import io.coterie.storage.ForwardingStore;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.Store;

import java.util.function.LongSupplier;

/**
 * The raw store as peers and digests must see it: {@link #get} writes a bare record's implicit version out (the
 * receiving node could not know whose legacy actor it is), every other call goes straight through.
 */
final class ExplicitVersionsView extends ForwardingStore {

    private final NodeId legacyActor;
    private final LongSupplier tombstoneGraceMs;

    ExplicitVersionsView(Store inner, NodeId legacyActor, LongSupplier tombstoneGraceMs) {
        super(inner);
        this.legacyActor = legacyActor;
        this.tombstoneGraceMs = tombstoneGraceMs;
    }

    @Override
    public Record get(byte[] key, long nowMs) {
        Record stored = settled(delegate(), key, nowMs);
        if (!StoredVersions.isBare(stored)) {
            return stored;
        }
        return StoredVersions.encode(StoredVersions.decode(stored, legacyActor), tombstoneGraceMs.getAsLong());
    }

    /**
     * A key's record as a peer may see it. Reads do not wait for writers, and a bare write that checked the
     * standalone flag just before {@link VersionedStore#enterCluster} may still be under the key's lock: a bare
     * record is therefore read again under that lock, after such a write, so the one bare value that leaves the
     * node is the last one it will ever hold.
     */
    static Record settled(Store inner, byte[] key, long nowMs) {
        Record stored = inner.get(key, nowMs);
        return StoredVersions.isBare(stored) ? inner.update(key, nowMs, Mutation::keep) : stored;
    }

    @Override
    public void setExpiryListener(ExpiryListener listener) {
        throw new UnsupportedOperationException("the versioned store owns the expiry listener: use addChangeListener");
    }
}
