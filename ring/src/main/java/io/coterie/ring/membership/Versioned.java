package io.coterie.ring.membership;

import java.util.Comparator;
import java.util.Objects;

/**
 * One field of an endpoint state with the version (from the owner's per-generation version counter) at which the owner
 * last set it, as Cassandra's gms/VersionedValue. Within one generation the higher version wins, field by field.
 */
public record Versioned<T>(T value, long version) {

    public Versioned {
        Objects.requireNonNull(value, "value");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    /**
     * The newer of two versions of the same field. Only the owner writes a field, so equal versions carry equal values;
     * the comparator breaks a tie anyway so that merging stays commutative even on corrupted input.
     */
    static <T> Versioned<T> newer(Versioned<T> a, Versioned<T> b, Comparator<? super T> tieBreak) {
        if (a.version != b.version) {
            return a.version > b.version ? a : b;
        }
        return tieBreak.compare(a.value, b.value) >= 0 ? a : b;
    }
}
