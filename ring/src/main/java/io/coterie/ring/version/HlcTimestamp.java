package io.coterie.ring.version;

/**
 * A hybrid logical clock reading (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014):
 * {@code physicalMs} is the largest wall-clock millisecond this node has heard of, {@code logical}
 * orders events within that millisecond. Packs into one long — 47 bits of milliseconds (enough
 * until the year 6429) over 16 bits of counter, sign bit clear — so packed values compare as
 * signed longs exactly as the timestamps do.
 */
public record HlcTimestamp(long physicalMs, int logical) implements Comparable<HlcTimestamp> {

    public static final int LOGICAL_BITS = 16;
    public static final int LOGICAL_MAX = (1 << LOGICAL_BITS) - 1;
    public static final long PHYSICAL_MAX_MS = (1L << (64 - LOGICAL_BITS - 1)) - 1;
    public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

    public HlcTimestamp {
        if (physicalMs < 0 || physicalMs > PHYSICAL_MAX_MS) {
            throw new IllegalArgumentException("physicalMs must be 0.." + PHYSICAL_MAX_MS + ", was " + physicalMs);
        }
        if (logical < 0 || logical > LOGICAL_MAX) {
            throw new IllegalArgumentException("logical must be 0.." + LOGICAL_MAX + ", was " + logical);
        }
    }

    /** The 64-bit form: physical ms in the high bits, the counter in the low 16. Non-negative. */
    public long encoded() {
        return (physicalMs << LOGICAL_BITS) | logical;
    }

    /** @throws IllegalArgumentException for a negative value, which no timestamp encodes to */
    public static HlcTimestamp decode(long encoded) {
        if (encoded < 0) {
            throw new IllegalArgumentException("not an HLC timestamp: " + encoded);
        }
        return new HlcTimestamp(encoded >>> LOGICAL_BITS, (int) (encoded & LOGICAL_MAX));
    }

    /**
     * The next reading within the same millisecond; when the 16-bit counter is exhausted (65 536
     * events in one millisecond without the wall clock moving) the overflow carries into the
     * physical part, exactly as if the wall clock had ticked — the clock stays monotonic and runs
     * ahead of wall time by at most one millisecond per 65 536 such events.
     */
    HlcTimestamp nextLogical() {
        return logical < LOGICAL_MAX ? new HlcTimestamp(physicalMs, logical + 1) : new HlcTimestamp(physicalMs + 1, 0);
    }

    @Override
    public int compareTo(HlcTimestamp o) {
        return Long.compare(encoded(), o.encoded());
    }
}
