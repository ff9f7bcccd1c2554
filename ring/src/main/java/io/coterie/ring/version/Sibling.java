package io.coterie.ring.version;

import java.util.Arrays;
import java.util.Objects;

/**
 * One version of a key's value: the write that created it ({@code dot}), its bytes, its HLC time
 * (for last-writer-wins and tombstone collection), its absolute expiry, and whether it is a
 * tombstone — a delete kept as a version so it can supersede and be replicated like any write.
 *
 * <p>The value array is shared, not copied (values can be large): callers must not modify it.
 *
 * @param expireAtMs absolute Unix ms, or {@link #NO_EXPIRY}
 */
public record Sibling(Dot dot, byte[] value, HlcTimestamp hlc, long expireAtMs, boolean tombstone) {

    public static final long NO_EXPIRY = 0L;
    private static final byte[] NO_BYTES = new byte[0];

    public Sibling {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(hlc, "hlc");
        if (expireAtMs < 0) {
            throw new IllegalArgumentException("expireAtMs must be >= 0, was " + expireAtMs);
        }
        if (tombstone && (value.length != 0 || expireAtMs != NO_EXPIRY)) {
            throw new IllegalArgumentException("a tombstone has no value and no expiry");
        }
    }

    public static Sibling value(Dot dot, byte[] value, HlcTimestamp hlc, long expireAtMs) {
        return new Sibling(dot, value, hlc, expireAtMs, false);
    }

    public static Sibling tombstone(Dot dot, HlcTimestamp hlc) {
        return new Sibling(dot, NO_BYTES, hlc, NO_EXPIRY, true);
    }

    public boolean isExpiredAt(long nowMs) {
        return expireAtMs != NO_EXPIRY && expireAtMs <= nowMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sibling s && dot.equals(s.dot) && Arrays.equals(value, s.value) && hlc.equals(s.hlc)
                && expireAtMs == s.expireAtMs && tombstone == s.tombstone;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dot, Arrays.hashCode(value), hlc, expireAtMs, tombstone);
    }

    @Override
    public String toString() {
        return "Sibling[" + dot + (tombstone ? " tombstone" : " " + value.length + " bytes") + " hlc=" + hlc.encoded()
                + (expireAtMs == NO_EXPIRY ? "" : " expireAt=" + expireAtMs) + "]";
    }
}
