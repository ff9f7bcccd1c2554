package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VersionDecodeException;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.server.cluster.replica.VersionedStore;

import java.util.Arrays;
import java.util.List;

/**
 * Merges streamed records into the receiving node's store without ever replacing newer data.
 *
 * <p>A streamed record is the source's raw record: the key's whole {@link io.coterie.ring.version.SiblingSet} (values,
 * siblings and tombstones with their dotted versions). It is merged with what the receiver holds
 * ({@link VersionedStore#merge}, atomically under the key's lock), exactly like a replicated write: a version the
 * receiver already has, or one its own versions supersede, changes nothing; concurrent versions stay as siblings; a
 * tombstone beats the value it deleted. So a write that reached the receiver directly during the move (the
 * coordinator's write to a moving slot's new replicas) is never lost to the older streamed copy.
 */
final class RecordApplier {

    private final VersionedStore store;

    RecordApplier(VersionedStore store) {
        this.store = store;
    }

    /**
     * Merges {@code records}, all of which must belong to {@code slots} (ascending); a record whose every version had
     * expired at {@code nowMs} is skipped. Returns how many were merged (a key already up to date counts too: telling
     * would cost a read per record).
     *
     * @throws StreamException if a record's key is outside {@code slots}: the source is confused, apply nothing more
     */
    int apply(int[] slots, List<StreamedRecord> records, long nowMs) {
        int merged = 0;
        for (StreamedRecord r : records) {
            int slot = HashSlots.slotOf(r.key());
            if (Arrays.binarySearch(slots, slot) < 0) {
                throw new StreamException("streamed key of slot " + slot + " was not asked for");
            }
            if (r.record().isExpiredAt(nowMs)) {
                continue;
            }
            SiblingSet incoming;
            try {
                incoming = StoredVersions.decode(r.record());
            } catch (VersionDecodeException e) {
                throw new StreamException("streamed key of slot " + slot + " has undecodable versions: " + e.getMessage());
            }
            store.merge(r.key(), incoming);
            merged++;
        }
        return merged;
    }
}
