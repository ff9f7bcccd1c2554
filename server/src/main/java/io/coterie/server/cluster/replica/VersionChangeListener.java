package io.coterie.server.cluster.replica;

import io.coterie.ring.version.SiblingSet;

/**
 * Told about every change of a key's stored versions — client writes, merges from other replicas,
 * deletes, removal by expiry — on the thread that made it, after the store applied it. Changes to
 * one key may be reported out of order across threads, so listeners keep order-independent
 * summaries (sums, counts), as the anti-entropy digests do.
 */
public interface VersionChangeListener {

    /**
     * @param before the versions stored before (empty if none); after an expiry the elided value
     *               comes back empty, so use it for version identity (clock, dots, HLCs), not values
     * @param after  the versions stored now (empty when the record is gone)
     */
    void changed(byte[] key, SiblingSet before, SiblingSet after);

    /** Every key was removed at once (FLUSHALL). */
    default void cleared() {
    }
}
