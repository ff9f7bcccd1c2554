package io.coterie.server.cluster.repair;

import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.repair.KeyDigest;
import io.coterie.ring.repair.RepairHash;
import io.coterie.ring.repair.VersionHash;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.storage.Record;
import io.coterie.storage.Store;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of some slots with their digests, from one pass over the raw store: the store has no per-slot key index,
 * so each side of a repair pays one walk (a CRC16 per key, a read and a version hash per key of the wanted slots) per
 * chunk of differing slots. Keys are kept so a key hash the peer names can be read back.
 */
final class SlotKeys {

    /** Per wanted slot, its keys' digests, built once by the walk (repair reads them several times per slot). */
    private final Map<Integer, List<KeyDigest>> bySlot;
    private final Map<Long, byte[]> byHash;

    private SlotKeys(Map<Integer, List<KeyDigest>> bySlot, Map<Long, byte[]> byHash) {
        this.bySlot = bySlot;
        this.byHash = byHash;
    }

    static SlotKeys collect(Store raw, int[] slots, long nowMs) {
        BitSet wanted = new BitSet(HashSlots.SLOT_COUNT);
        for (int slot : slots) {
            wanted.set(slot);
        }
        Map<Integer, List<KeyDigest>> bySlot = new HashMap<>();
        Map<Long, byte[]> byHash = new HashMap<>();
        raw.forEachKey(nowMs, key -> {
            int slot = HashSlots.slotOf(key);
            if (!wanted.get(slot)) {
                return;
            }
            Record stored = raw.get(key, nowMs);
            if (stored == null) {
                return;
            }
            long keyHash = RepairHash.of(key);
            KeyDigest digest = new KeyDigest(keyHash, VersionHash.of(StoredVersions.decode(stored)));
            bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(digest);
            byHash.put(keyHash, key);
        });
        return new SlotKeys(bySlot, byHash);
    }

    /** The digests of the slot's keys (unmodifiable; empty for a slot with none). */
    List<KeyDigest> digests(int slot) {
        List<KeyDigest> digests = bySlot.get(slot);
        return digests == null ? List.of() : Collections.unmodifiableList(digests);
    }

    /** The current records of {@code keyHashes} among the collected keys (those still present). */
    List<RepairRecord> records(Store raw, long[] keyHashes, long nowMs) {
        List<RepairRecord> out = new ArrayList<>(keyHashes.length);
        for (long h : keyHashes) {
            byte[] key = byHash.get(h);
            Record stored = key == null ? null : raw.get(key, nowMs);
            if (stored != null) {
                out.add(new RepairRecord(key, stored));
            }
        }
        return out;
    }
}
