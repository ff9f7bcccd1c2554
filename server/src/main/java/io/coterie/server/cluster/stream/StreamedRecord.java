package io.coterie.server.cluster.stream;

import io.coterie.storage.Record;

import java.util.Arrays;
import java.util.Objects;

/** One key and its whole record as it travels in a batch: value, expiry and versionMeta, byte for byte. */
public record StreamedRecord(byte[] key, Record record) {

    public StreamedRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(record, "record");
    }

    /** What the batch and throttle limits and {@link DataMover.MoveReport#bytes()} count: key + value + versionMeta. */
    public long recordBytes() {
        return (long) key.length + record.value().length + record.versionMeta().length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamedRecord other && Arrays.equals(key, other.key) && record.equals(other.record);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + record.hashCode();
    }

    @Override
    public String toString() {
        return "StreamedRecord[key " + key.length + " bytes, " + record + "]";
    }
}
