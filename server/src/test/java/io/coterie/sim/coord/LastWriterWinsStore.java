package io.coterie.sim.coord;

import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.server.dispatch.DelegatingStore;
import io.coterie.storage.KeyUpdate;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.Store;

import java.util.List;

/**
 * {@link CoordinatorBug#STORE_KEEPS_ONLY_LWW}: every versioned record written keeps only its last-writer-wins sibling,
 * under the full merged clock — so the dropped siblings count as seen and never come back through merges (the
 * behaviour of a store that resolves conflicts by timestamp).
 */
final class LastWriterWinsStore extends DelegatingStore {

    LastWriterWinsStore(Store data) {
        super(data);
    }

    @Override
    public <T> T update(byte[] key, long nowMs, KeyUpdate<T> update) {
        return super.update(key, nowMs, current -> {
            Mutation<T> m = update.apply(current);
            if (m instanceof Mutation.Put<T> put && put.record().versionMeta().length > 0) {
                SiblingSet set = StoredVersions.decode(put.record());
                if (set.siblings().size() > 1) {
                    SiblingSet lww = SiblingSet.of(set.context(), List.of(set.lastWriteWins().orElseThrow()));
                    return Mutation.put(StoredVersions.encode(lww, 86_400_000L), m.result());
                }
            }
            return m;
        });
    }
}
