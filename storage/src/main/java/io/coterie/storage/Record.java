package io.coterie.storage;

import java.util.Arrays;

/**
 * What is stored under one key.
 *
 * @param value        the value bytes, never null (may be empty)
 * @param expireAtMs   absolute expiry in Unix milliseconds, or {@link #NO_EXPIRY}
 * @param versionMeta  opaque version metadata (vector clock, HLC, siblings) that the cluster layer owns;
 *                     a single node writes {@link #NO_META}. Stored and logged byte for byte.
 */
public record Record(byte[] value, long expireAtMs, byte[] versionMeta) {

    public static final long NO_EXPIRY = 0L;
    public static final byte[] NO_META = new byte[0];

    public Record {
        if (value == null || versionMeta == null) {
            throw new IllegalArgumentException("value and versionMeta must not be null");
        }
        if (expireAtMs < 0) {
            throw new IllegalArgumentException("expireAtMs must be >= 0, was " + expireAtMs);
        }
    }

    public static Record of(byte[] value) {
        return new Record(value, NO_EXPIRY, NO_META);
    }

    public static Record of(byte[] value, long expireAtMs) {
        return new Record(value, expireAtMs, NO_META);
    }

    public boolean hasExpiry() {
        return expireAtMs != NO_EXPIRY;
    }

    /** Expired at {@code nowMs}: Redis treats a key whose expiry equals now as already gone. */
    public boolean isExpiredAt(long nowMs) {
        return expireAtMs != NO_EXPIRY && expireAtMs <= nowMs;
    }

    public Record withValue(byte[] newValue) {
        return new Record(newValue, expireAtMs, versionMeta);
    }

    public Record withExpireAt(long newExpireAtMs) {
        return new Record(value, newExpireAtMs, versionMeta);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r
                && expireAtMs == r.expireAtMs
                && Arrays.equals(value, r.value)
                && Arrays.equals(versionMeta, r.versionMeta);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(value) + Long.hashCode(expireAtMs)) + Arrays.hashCode(versionMeta);
    }

    @Override
    public String toString() {
        return "Record[" + value.length + " bytes, expireAtMs=" + expireAtMs + ", meta=" + versionMeta.length + " bytes]";
    }
}
