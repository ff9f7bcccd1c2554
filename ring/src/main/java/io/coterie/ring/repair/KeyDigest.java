package io.coterie.ring.repair;

/**
 * One key as a replica summarises it for a key-level comparison: 16 bytes instead of the key and its versions.
 *
 * @param keyHash     {@link RepairHash#of} of the key
 * @param versionHash {@link RepairHash#of} of the key's encoded sibling set (tombstones and expiries included)
 */
public record KeyDigest(long keyHash, long versionHash) {

    public long entry() {
        return RepairHash.entry(keyHash, versionHash);
    }
}
