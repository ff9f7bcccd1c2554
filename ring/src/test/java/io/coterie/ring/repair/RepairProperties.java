package io.coterie.ring.repair;

import io.coterie.ring.placement.HashSlots;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anti-entropy's pure parts against naive versions: slot digests updated change by change (in any order) against
 * digests computed from scratch; the Merkle descent against a slot-by-slot comparison; and the whole pipeline —
 * tree, buckets, key digests — never missing a key whose versions differ. Keys use hash tags so that a few slots
 * hold many keys (the case buckets are for) while others hold one.
 */
class RepairProperties {

    @Property(tries = 200)
    void incrementalDigestsEqualDigestsFromScratchWhateverTheOrder(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> model = new HashMap<>();
        List<Change> changes = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            String key = key(random);
            String before = model.get(key);
            String after = random.nextInt(4) == 0 ? null : "v" + random.nextInt(5);
            if (after == null) {
                model.remove(key);
            } else {
                model.put(key, after);
            }
            changes.add(new Change(key, before, after));
        }
        Collections.shuffle(changes, new Random(random.nextLong()));
        SlotDigests incremental = new SlotDigests();
        changes.forEach(c -> c.applyTo(incremental));

        SlotDigests scratch = fromScratch(model);
        assertArrayEquals(scratch.snapshot(), incremental.snapshot());
        Map<Integer, Long> counts = new HashMap<>();
        model.keySet().forEach(k -> counts.merge(slotOf(k), 1L, Long::sum));
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            assertEquals(counts.getOrDefault(slot, 0L), incremental.keys(slot), "keys in slot " + slot);
        }
    }

    @Property(tries = 200)
    void treesAreEqualExactlyWhenTheMaskedDigestsAre(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> a = replica(random);
        Map<String, String> b = random.nextBoolean() ? new HashMap<>(a) : diverge(a, random);
        BitSet mask = mask(random);
        MerkleTree ta = MerkleTree.build(fromScratch(a).snapshot(), mask);
        MerkleTree tb = MerkleTree.build(fromScratch(b).snapshot(), mask);
        boolean digestsEqual = naiveDifferingSlots(fromScratch(a).snapshot(), fromScratch(b).snapshot(), mask).isEmpty();
        assertEquals(digestsEqual, ta.root() == tb.root());
    }

    @Property(tries = 200)
    void theDescentFindsExactlyTheDifferingSlots(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> a = replica(random);
        Map<String, String> b = diverge(a, random);
        BitSet mask = mask(random);
        SlotDigest[] da = fromScratch(a).snapshot();
        SlotDigest[] db = fromScratch(b).snapshot();
        List<Integer> found = MerkleTree.build(da, mask).differingSlots(MerkleTree.build(db, mask));
        assertEquals(naiveDifferingSlots(da, db, mask), new TreeSet<>(found));
        assertEquals(new HashSet<>(found).size(), found.size(), "each slot once");
    }

    @Property(tries = 200)
    void aKeyWhoseVersionsDifferIsNeverMissed(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> a = replica(random);
        Map<String, String> b = diverge(a, random);
        BitSet all = new BitSet();
        all.set(0, HashSlots.SLOT_COUNT);
        SlotDigests digestsA = fromScratch(a);
        List<Integer> slots = MerkleTree.build(digestsA.snapshot(), all).differingSlots(MerkleTree.build(fromScratch(b).snapshot(), all));

        Set<Long> send = new HashSet<>();
        Set<Long> fetch = new HashSet<>();
        for (int slot : slots) {
            List<KeyDigest> ours = keyDigests(a, slot);
            List<KeyDigest> theirs = keyDigests(b, slot);
            int count = SlotBuckets.bucketCount(digestsA.keys(slot));
            long[] ourBuckets = SlotBuckets.hashes(ours, count);
            long[] theirBuckets = SlotBuckets.hashes(theirs, count);
            for (int bucket = 0; bucket < count; bucket++) {
                if (ourBuckets[bucket] != theirBuckets[bucket]) {
                    KeyDiff diff = KeyDiff.of(SlotBuckets.inBucket(ours, count, bucket), SlotBuckets.inBucket(theirs, count, bucket));
                    send.addAll(diff.send());
                    fetch.addAll(diff.fetch());
                }
            }
        }
        for (String key : union(a.keySet(), b.keySet())) {
            long h = RepairHash.of(bytes(key));
            String va = a.get(key);
            String vb = b.get(key);
            assertEquals(va != null && !va.equals(vb), send.contains(h), "send " + key);
            assertEquals(vb != null && !vb.equals(va), fetch.contains(h), "fetch " + key);
        }
    }

    @Property
    void bucketCountsArePowersOfTwoNearAQuarterOfTheKeys(@ForAll long keys) {
        int count = SlotBuckets.bucketCount(Math.abs(keys % 10_000));
        SlotBuckets.checkCount(count);
        long k = Math.abs(keys % 10_000);
        assertTrue(count == SlotBuckets.BUCKETS_MAX || count * SlotBuckets.KEYS_PER_BUCKET * 2 > k);
        assertTrue(count == 1 || count * SlotBuckets.KEYS_PER_BUCKET <= k);
    }

    @Property
    void theHashDependsOnEveryByte(@ForAll byte[] bytes, @ForAll int position) {
        if (bytes.length == 0) {
            return;
        }
        byte[] other = bytes.clone();
        other[Math.floorMod(position, bytes.length)] ^= 1;
        assertNotEquals(RepairHash.of(bytes), RepairHash.of(other));
        assertNotEquals(RepairHash.of(bytes), RepairHash.of(Arrays.copyOf(bytes, bytes.length + 1)));
    }

    private record Change(String key, String before, String after) {
        void applyTo(SlotDigests digests) {
            digests.change(slotOf(key), before != null, entry(key, before), after != null, entry(key, after));
        }
    }

    private static SlotDigests fromScratch(Map<String, String> replica) {
        SlotDigests digests = new SlotDigests();
        replica.forEach((k, v) -> digests.add(slotOf(k), entry(k, v)));
        return digests;
    }

    private static Set<Integer> naiveDifferingSlots(SlotDigest[] a, SlotDigest[] b, BitSet mask) {
        Set<Integer> out = new TreeSet<>();
        for (int slot = mask.nextSetBit(0); slot >= 0; slot = mask.nextSetBit(slot + 1)) {
            if (!a[slot].equals(b[slot])) {
                out.add(slot);
            }
        }
        return out;
    }

    private static List<KeyDigest> keyDigests(Map<String, String> replica, int slot) {
        List<KeyDigest> out = new ArrayList<>();
        replica.forEach((k, v) -> {
            if (slotOf(k) == slot) {
                out.add(new KeyDigest(RepairHash.of(bytes(k)), RepairHash.of(bytes(v))));
            }
        });
        return out;
    }

    private static Map<String, String> replica(SplittableRandom random) {
        Map<String, String> out = new HashMap<>();
        int keys = random.nextInt(400);
        for (int i = 0; i < keys; i++) {
            out.put(key(random), "v" + random.nextInt(5));
        }
        return out;
    }

    /** A copy of {@code a} with a few keys changed, added or removed. */
    private static Map<String, String> diverge(Map<String, String> a, SplittableRandom random) {
        Map<String, String> b = new HashMap<>(a);
        List<String> keys = new ArrayList<>(a.keySet());
        int changes = random.nextInt(12);
        for (int i = 0; i < changes; i++) {
            switch (random.nextInt(3)) {
                case 0 -> b.put(key(random), "new" + random.nextInt(3));
                case 1 -> {
                    if (!keys.isEmpty()) {
                        b.remove(keys.get(random.nextInt(keys.size())));
                    }
                }
                default -> {
                    if (!keys.isEmpty()) {
                        b.put(keys.get(random.nextInt(keys.size())), "changed" + random.nextInt(3));
                    }
                }
            }
        }
        return b;
    }

    /** All slots, one random range, or a random scatter: the shapes replica sets and CLUSTER REPAIR ranges take. */
    private static BitSet mask(SplittableRandom random) {
        BitSet mask = new BitSet();
        switch (random.nextInt(3)) {
            case 0 -> mask.set(0, HashSlots.SLOT_COUNT);
            case 1 -> {
                int first = random.nextInt(HashSlots.SLOT_COUNT);
                mask.set(first, first + random.nextInt(HashSlots.SLOT_COUNT - first) + 1);
            }
            default -> {
                for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
                    if (random.nextBoolean()) {
                        mask.set(slot);
                    }
                }
            }
        }
        return mask;
    }

    /** Keys in a few hot slots (hash tags) and keys spread over all slots. */
    private static String key(SplittableRandom random) {
        return random.nextBoolean() ? "{t" + random.nextInt(6) + "}k" + random.nextInt(120) : "k" + random.nextInt(300);
    }

    private static long entry(String key, String version) {
        return version == null ? 0 : RepairHash.entry(RepairHash.of(bytes(key)), RepairHash.of(bytes(version)));
    }

    private static int slotOf(String key) {
        return HashSlots.slotOf(bytes(key));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
