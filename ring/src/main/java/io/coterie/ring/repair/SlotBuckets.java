package io.coterie.ring.repair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one differing slot's keys into buckets by key hash, so replicas exchange a few bucket hashes first and key
 * digests only for the buckets that differ: a slot of 60 keys with one stale key costs 16 bucket hashes plus one
 * bucket's ~4 key digests instead of 60 key digests — what keeps repair's bytes within a small multiple of the
 * differing records' (issue #6). A bucket is the top {@code log2(count)} bits of the key hash.
 */
public final class SlotBuckets {

    /** Keys per bucket aimed at: fewer means more bucket hashes, more means more key digests per stale key. */
    public static final int KEYS_PER_BUCKET = 4;
    public static final int BUCKETS_MAX = 256;

    private SlotBuckets() {
    }

    /** Buckets for a slot of {@code keys} keys: a power of two, about {@code keys / 4}, in [1, 256]. */
    public static int bucketCount(long keys) {
        long wanted = Math.max(1, Math.min(BUCKETS_MAX, keys / KEYS_PER_BUCKET));
        return Long.highestOneBit(wanted) == wanted ? (int) wanted : (int) Long.highestOneBit(wanted);
    }

    /** @throws IllegalArgumentException unless {@code count} is a power of two in [1, 256] */
    public static int bucketOf(long keyHash, int count) {
        checkCount(count);
        return count == 1 ? 0 : (int) (keyHash >>> (64 - Integer.numberOfTrailingZeros(count)));
    }

    /** Each bucket's {@link SlotDigest#leafHash}, indexed by bucket. */
    public static long[] hashes(List<KeyDigest> keys, int count) {
        SlotDigest[] digests = new SlotDigest[count];
        Arrays.fill(digests, SlotDigest.EMPTY);
        for (KeyDigest k : keys) {
            int b = bucketOf(k.keyHash(), count);
            digests[b] = digests[b].add(k.entry());
        }
        long[] out = new long[count];
        for (int b = 0; b < count; b++) {
            out[b] = digests[b].leafHash();
        }
        return out;
    }

    /**
     * A bucket hash as it travels: 32 bits of the hash mixed with the session's salt. Half the bytes of the full
     * hash (bucket hashes are most of a repair's overhead when many slots differ by a key or two); a collision —
     * 2^-32 per differing bucket — hides that bucket for this session only, since the next session's salt differs.
     */
    public static int wireHash(long bucketHash, long salt) {
        return (int) (RepairHash.mix(bucketHash ^ RepairHash.mix(salt)) >>> 32);
    }

    /** The keys of {@code keys} that fall in bucket {@code bucket} of {@code count}. */
    public static List<KeyDigest> inBucket(List<KeyDigest> keys, int count, int bucket) {
        List<KeyDigest> out = new ArrayList<>();
        for (KeyDigest k : keys) {
            if (bucketOf(k.keyHash(), count) == bucket) {
                out.add(k);
            }
        }
        return out;
    }

    public static void checkCount(int count) {
        if (count < 1 || count > BUCKETS_MAX || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("bucket count must be a power of two in [1, " + BUCKETS_MAX + "], was " + count);
        }
    }
}
