package io.coterie.server.cluster.repair;

import io.coterie.storage.Record;

/** A key's stored record as repair moves it: value, expiry and encoded versions byte for byte, tombstones included. */
public record RepairRecord(byte[] key, Record record) {

    /** Bytes of key, value and version metadata: what "bytes of differing records" counts. */
    public long bytes() {
        return key.length + record.value().length + record.versionMeta().length;
    }
}
