package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.HashSlots;
import io.coterie.storage.Mutation;
import io.coterie.storage.Store;

import java.util.Arrays;
import java.util.List;

/**
 * Stores streamed records on the receiving node without ever replacing newer data.
 *
 * <p>While a slot moves, the router sends its writes to both the old and the new owner, so a key the new owner
 * already holds was written there directly, after the source's copy was taken or at the same time: it is at least as
 * new as the streamed one. Until records carry versions (issue #5) the only safe rule is therefore <em>put if
 * absent</em>, atomically under the key's lock ({@link Store#update}). With #5 this becomes a merge of the two
 * {@code versionMeta} sibling sets ({@code SiblingSet.merge}), which keeps every concurrent write and lets a stream
 * carry tombstones; see docs/streaming.md for the gaps the interim rule leaves.
 */
final class RecordApplier {

    private final Store store;

    RecordApplier(Store store) {
        this.store = store;
    }

    /**
     * Applies {@code records}, all of which must belong to {@code slots} (ascending); a record already expired at
     * {@code nowMs} is skipped. Returns how many were stored.
     *
     * @throws StreamException if a record's key is outside {@code slots}: the source is confused, apply nothing more
     */
    int apply(int[] slots, List<StreamedRecord> records, long nowMs) {
        int stored = 0;
        for (StreamedRecord r : records) {
            int slot = HashSlots.slotOf(r.key());
            if (Arrays.binarySearch(slots, slot) < 0) {
                throw new StreamException("streamed key of slot " + slot + " was not asked for");
            }
            if (r.record().isExpiredAt(nowMs)) {
                continue;
            }
            boolean put = store.update(r.key(), nowMs,
                    current -> current == null ? Mutation.put(r.record(), true) : Mutation.keep(false));
            if (put) {
                stored++;
            }
        }
        return stored;
    }
}
