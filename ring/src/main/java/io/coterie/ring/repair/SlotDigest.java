package io.coterie.ring.repair;

/**
 * What one replica holds in one slot, in 16 bytes: the wrapping sum of its keys' {@link RepairHash#entry entry
 * hashes} and how many keys there are. A sum is order-independent and has an inverse, so a write updates it in O(1)
 * (subtract the key's old entry, add the new one) and concurrent updates of different keys commute.
 *
 * @param sum  wrapping sum of the entry hashes
 * @param keys number of keys (tombstones included: they are records replicas must agree on)
 */
public record SlotDigest(long sum, long keys) {

    public static final SlotDigest EMPTY = new SlotDigest(0, 0);

    public SlotDigest add(long entry) {
        return new SlotDigest(sum + entry, keys + 1);
    }

    public SlotDigest remove(long entry) {
        return new SlotDigest(sum - entry, keys - 1);
    }

    /** The leaf hash in a Merkle tree: 0 for an empty slot, so an empty slot and a masked-out one look alike. */
    public long leafHash() {
        return keys == 0 && sum == 0 ? 0 : RepairHash.mix(sum ^ RepairHash.mix(keys));
    }
}
