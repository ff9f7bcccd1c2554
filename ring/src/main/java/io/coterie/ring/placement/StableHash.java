package io.coterie.ring.placement;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash that is the same on every JVM and every run: FNV-1a over the bytes, finished with
 * the SplitMix64 mixer so nearby inputs land far apart. Placement must be a pure function of the
 * membership, identical on every node and build, so the hash and the random stream are defined
 * here rather than borrowed (String.hashCode is 32 bits with weak mixing; java.util.Random is
 * banned from protocol code).
 */
final class StableHash {

    private StableHash() {
    }

    static long of(String s) {
        return of(s.getBytes(StandardCharsets.UTF_8));
    }

    static long of(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection on longs with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A deterministic stream of pseudo-random longs from a seed (SplitMix64). Not for cryptography. */
    static final class Stream {
        private long state;

        Stream(long seed) {
            this.state = seed;
        }

        long nextLong() {
            state += 0x9e3779b97f4a7c15L;
            return mix(state);
        }

        /** Uniform in [0, bound) by Lemire's multiply-shift; the bias for bound ≤ 2^14 is below 2^-18. */
        int nextInt(int bound) {
            return (int) (((nextLong() >>> 32) * bound) >>> 32);
        }
    }
}
