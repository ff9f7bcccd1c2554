package io.coterie.ring.repair;

/**
 * The 64-bit hashes anti-entropy compares. They must be identical on every node, JVM and build (two replicas
 * compare them over the wire), so they are defined here rather than borrowed: a word-at-a-time multiply-rotate
 * pass (Murmur-style) finished with SplitMix64's mixer. Not cryptographic: repair guards against lost writes, not
 * against an adversary crafting collisions.
 */
public final class RepairHash {

    private static final long K1 = 0x87c37b91114253d5L;
    private static final long K2 = 0x4cf5ad432745937fL;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private RepairHash() {
    }

    /** Hash of {@code bytes}; the length is mixed in, so a prefix hashes differently from the whole. */
    public static long of(byte[] bytes) {
        long h = GOLDEN ^ (bytes.length * K2);
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            h = round(h, littleEndianLong(bytes, i));
        }
        long tail = 0;
        for (int shift = 0; i < bytes.length; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        return mix(round(h, tail));
    }

    /**
     * One key's contribution to its slot digest: its key hash and the hash of its encoded versions, mixed so that
     * the same version under another key (or the key with another version) contributes something unrelated.
     */
    public static long entry(long keyHash, long versionHash) {
        return mix(mix(keyHash + GOLDEN) ^ (versionHash * K1));
    }

    /** Order-sensitive combination of a Merkle node's children (the fold's start is {@link #seed(int)}). */
    public static long combine(long accumulator, long child) {
        return mix(accumulator * GOLDEN + child);
    }

    /** The fold's start for a node at {@code level}, so an interior hash never equals a leaf hash by construction. */
    public static long seed(int level) {
        return mix(K2 + level);
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection on longs with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long round(long h, long word) {
        return Long.rotateLeft(h ^ Long.rotateLeft(word * K1, 31) * K2, 27) * 5 + 0x52dce729;
    }

    private static long littleEndianLong(byte[] b, int at) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[at + k] & 0xFFL);
        }
        return v;
    }
}
