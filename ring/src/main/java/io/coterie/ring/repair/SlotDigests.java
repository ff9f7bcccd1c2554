package io.coterie.ring.repair;

import io.coterie.ring.placement.HashSlots;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One node's {@link SlotDigest} for every hash slot, updated in O(1) per change of a key's versions and never
 * recomputed by scanning (issue #6). Safe for concurrent updates without locks: each change adds to the slot's sum
 * and count, and additions commute, so the table is the same whatever order the event loops apply changes in — even
 * two changes of one key ({@code A→B}, {@code B→C}) applied out of order sum to {@code C−A}.
 *
 * <p>Reading all slots ({@link #snapshot()}) is not atomic across slots; a repair that races a write sees that
 * slot as differing now or on the next pass, which is what a write in flight is anyway.
 */
public final class SlotDigests {

    private final AtomicLongArray sums = new AtomicLongArray(HashSlots.SLOT_COUNT);
    private final AtomicLongArray keys = new AtomicLongArray(HashSlots.SLOT_COUNT);

    /**
     * A key's versions changed from {@code beforeEntry} to {@code afterEntry} (its {@link RepairHash#entry} hashes);
     * a side that is absent — the key did not exist before, or was removed — is passed as {@code present = false}.
     */
    public void change(int slot, boolean presentBefore, long beforeEntry, boolean presentAfter, long afterEntry) {
        long deltaSum = (presentAfter ? afterEntry : 0) - (presentBefore ? beforeEntry : 0);
        int deltaKeys = (presentAfter ? 1 : 0) - (presentBefore ? 1 : 0);
        if (deltaSum != 0) {
            sums.addAndGet(slot, deltaSum);
        }
        if (deltaKeys != 0) {
            keys.addAndGet(slot, deltaKeys);
        }
    }

    public void add(int slot, long entry) {
        change(slot, false, 0, true, entry);
    }

    public void remove(int slot, long entry) {
        change(slot, true, entry, false, 0);
    }

    public SlotDigest digest(int slot) {
        return new SlotDigest(sums.get(slot), keys.get(slot));
    }

    /** Keys held in {@code slot} (COUNTKEYSINSLOT). */
    public long keys(int slot) {
        return keys.get(slot);
    }

    /** Every slot's digest now, indexed by slot. */
    public SlotDigest[] snapshot() {
        SlotDigest[] out = new SlotDigest[HashSlots.SLOT_COUNT];
        for (int slot = 0; slot < out.length; slot++) {
            out[slot] = digest(slot);
        }
        return out;
    }

    /** Adds every slot of {@code other} into this table (merging a table built by a scan into the live one). */
    public void addAll(SlotDigests other) {
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            sums.addAndGet(slot, other.sums.get(slot));
            keys.addAndGet(slot, other.keys.get(slot));
        }
    }

    /** Forgets everything (FLUSHALL, or before a rebuild). */
    public void clear() {
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            sums.set(slot, 0);
            keys.set(slot, 0);
        }
    }
}
