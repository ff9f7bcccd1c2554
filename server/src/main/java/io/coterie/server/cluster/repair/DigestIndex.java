package io.coterie.server.cluster.repair;

import io.coterie.ring.Clock;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.repair.RepairHash;
import io.coterie.ring.repair.SlotDigests;
import io.coterie.ring.repair.VersionHash;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.server.cluster.replica.VersionChangeListener;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.storage.Record;
import io.coterie.storage.Store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * This node's per-slot digests of its records (issue #6), kept current by every change of a key's versions in O(1)
 * — a write, merge, delete, expiry or repair adds the key's new entry hash and subtracts its old one — and built once
 * at start by one pass over the raw store ({@link #build}), in the background while the node serves.
 *
 * <p>The build and live changes meet without a lock: changes go to the live table from the moment the index is
 * attached, and the first change of each key during the build is remembered with the entry it replaced. The pass
 * skips keys already changed (the live table has their delta) and adds back their remembered first entry at the end,
 * so each key counts once with its current versions. The one gap is a change the store has applied but not yet
 * reported when the pass reads that key; it leaves that slot's digest off until the key changes again, and repair
 * then finds the slot differing with no key to move — wasted comparison, never a missed or wrong record.
 *
 * <p>Thread-safe: listeners run on whichever thread changed the key.
 */
public final class DigestIndex implements VersionChangeListener {

    /** What a key changed during the build replaced; {@code present = false} if the key was new. */
    private record FirstChange(boolean present, long entry, boolean hidden) {
    }

    private final Store raw;
    private final Clock clock;
    private final SlotDigests live = new SlotDigests();
    /** Per slot, records that read as absent (the last write was a delete): COUNTKEYSINSLOT leaves them out. */
    private final AtomicLongArray hidden = new AtomicLongArray(HashSlots.SLOT_COUNT);
    private final ConcurrentHashMap<ByteBuffer, FirstChange> changedDuringBuild = new ConcurrentHashMap<>();
    private volatile boolean building = true;
    /** FLUSHALL during the build: the live table restarted from empty and the pass's counts are stale. */
    private volatile boolean clearedDuringBuild;
    private volatile boolean ready;

    private DigestIndex(Store raw, Clock clock) {
        this.raw = raw;
        this.clock = clock;
    }

    /** Starts listening to {@code store}'s changes; call {@link #build} (once, on a background thread) to fill it. */
    public static DigestIndex attach(VersionedStore store, Clock clock) {
        DigestIndex index = new DigestIndex(store.raw(), clock);
        store.addChangeListener(index);
        return index;
    }

    /** A key's contribution to its slot's digest. */
    public static long entryOf(byte[] key, SiblingSet versions) {
        return RepairHash.entry(RepairHash.of(key), VersionHash.of(versions));
    }

    /** The one pass over the stored records; the index is {@link #ready()} when it returns. */
    public void build() {
        SlotDigests scanned = new SlotDigests();
        long[] scannedHidden = new long[HashSlots.SLOT_COUNT];
        List<byte[]> skipped = new ArrayList<>();
        long nowMs = clock.millis();
        raw.forEachKey(nowMs, key -> {
            if (changedDuringBuild.containsKey(ByteBuffer.wrap(key))) {
                skipped.add(key);
                return;
            }
            Record stored = raw.get(key, nowMs);
            if (stored != null) {
                SiblingSet versions = StoredVersions.decode(stored);
                int slot = HashSlots.slotOf(key);
                scanned.add(slot, entryOf(key, versions));
                scannedHidden[slot] += hiddenCount(versions);
            }
        });
        for (byte[] key : skipped) {
            FirstChange first = changedDuringBuild.get(ByteBuffer.wrap(key));
            if (first.present()) {
                int slot = HashSlots.slotOf(key);
                scanned.add(slot, first.entry());
                scannedHidden[slot] += first.hidden() ? 1 : 0;
            }
        }
        building = false;
        if (!clearedDuringBuild) {
            live.addAll(scanned);
            for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
                hidden.addAndGet(slot, scannedHidden[slot]);
            }
        }
        changedDuringBuild.clear();
        ready = true;
    }

    /** Whether {@link #build} has finished: until then the digests cover only recent changes. */
    public boolean ready() {
        return ready;
    }

    public SlotDigests digests() {
        return live;
    }

    /** Records stored in {@code slot}, tombstones included (what repair compares); exact once {@link #ready()}. */
    public long keys(int slot) {
        return live.keys(slot);
    }

    /** Keys in {@code slot} that clients see (COUNTKEYSINSLOT): records whose last write was not a delete. */
    public long visibleKeys(int slot) {
        return live.keys(slot) - hidden.get(slot);
    }

    @Override
    public void changed(byte[] key, SiblingSet before, SiblingSet after) {
        int slot = HashSlots.slotOf(key);
        long beforeEntry = before.isEmpty() ? 0 : entryOf(key, before);
        live.change(slot, !before.isEmpty(), beforeEntry, !after.isEmpty(), after.isEmpty() ? 0 : entryOf(key, after));
        int hiddenDelta = hiddenCount(after) - hiddenCount(before);
        if (hiddenDelta != 0) {
            hidden.addAndGet(slot, hiddenDelta);
        }
        if (building) {
            changedDuringBuild.putIfAbsent(ByteBuffer.wrap(key.clone()),
                    new FirstChange(!before.isEmpty(), beforeEntry, hiddenCount(before) == 1));
        }
    }

    @Override
    public void cleared() {
        if (building) {
            clearedDuringBuild = true;
        }
        live.clear();
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            hidden.set(slot, 0);
        }
    }

    /** 1 if the key reads as absent to clients: its last-writer-wins sibling is a tombstone. */
    private static int hiddenCount(SiblingSet versions) {
        return versions.lastWriteWins().map(s -> s.tombstone() ? 1 : 0).orElse(0);
    }
}
