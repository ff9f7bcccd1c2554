package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.Dot;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.StoredSiblingCodec;
import io.coterie.ring.version.VectorClock;
import io.coterie.storage.Record;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a key's {@link SiblingSet} is kept in a storage {@link Record}, so that plain commands stay as
 * fast as on a single node:
 * <ul>
 *   <li>{@code value} is the last-writer-wins sibling's value (empty if that is a tombstone), and the
 *       metadata leaves that value out rather than storing it twice;</li>
 *   <li>{@code expireAtMs} is when the whole record may go: the latest sibling expiry, never while a
 *       sibling has none, and for a tombstone its delete time plus {@code tombstone-grace-seconds} —
 *       so the store's own expiry collects tombstones after the grace period;</li>
 *   <li>the first metadata byte says whether the record is a single live value, in which case the
 *       record itself is what a GET sees and nothing needs decoding.</li>
 * </ul>
 * A bare record (no metadata: written while the node was standalone, see {@link VersioningMode}, or by a build before
 * versions existed) reads as one sibling of its directory's legacy actor — {@link #LEGACY_NODE} for the old builds —
 * with counter 1 and HLC zero, which any later write supersedes.
 */
public final class StoredVersions {

    /** The dot owner of bare records in directories from builds before {@link VersioningMode}. */
    public static final NodeId LEGACY_NODE = new NodeId("0".repeat(40));

    private static final int SINGLE_LIVE = 1;
    private static final int VALUE_ELIDED = 2;
    private static final int TOMBSTONES_ONLY = 4;

    private StoredVersions() {
    }

    /** The record that stores {@code set}; null when the set is empty (nothing to store). */
    public static Record encode(SiblingSet set, long tombstoneGraceMs) {
        if (set.isEmpty()) {
            return null;
        }
        Optional<Sibling> lww = set.lastWriteWins();
        boolean valueInRecord = lww.isPresent() && !lww.get().tombstone();
        byte[] value = valueInRecord ? lww.get().value() : Record.NO_META;
        boolean singleLive = set.siblings().size() == 1 && valueInRecord;
        byte[] body = StoredSiblingCodec.encode(set, valueInRecord);
        byte[] meta = new byte[body.length + 1];
        boolean tombstonesOnly = set.siblings().stream().allMatch(Sibling::tombstone);
        meta[0] = (byte) ((singleLive ? SINGLE_LIVE : 0) | (valueInRecord ? VALUE_ELIDED : 0)
                | (tombstonesOnly ? TOMBSTONES_ONLY : 0));
        System.arraycopy(body, 0, meta, 1, body.length);
        return new Record(value, recordExpiry(set.siblings(), tombstoneGraceMs), meta);
    }

    /** Whether the stored record is only tombstones: it reads as absent and DBSIZE does not count it. */
    public static boolean isTombstonesOnly(byte[] versionMeta) {
        return versionMeta.length > 0 && (versionMeta[0] & TOMBSTONES_ONLY) != 0;
    }

    /** The versions {@code stored} holds; empty for null. A bare record must come from a directory of {@link #LEGACY_NODE}. */
    public static SiblingSet decode(Record stored) {
        return decode(stored, LEGACY_NODE);
    }

    /** The versions {@code stored} holds, a bare record's owned by {@code legacyActor}; empty for null. */
    public static SiblingSet decode(Record stored, NodeId legacyActor) {
        if (stored == null) {
            return SiblingSet.empty();
        }
        if (isBare(stored)) {
            return bare(legacyActor, stored.value(), stored.expireAtMs());
        }
        return decode(stored.versionMeta(), stored.value(), stored.expireAtMs());
    }

    /** Whether {@code stored} is a record without version metadata (null is not). */
    public static boolean isBare(Record stored) {
        return stored != null && stored.versionMeta().length == 0;
    }

    /** The one implicit version of a bare record. */
    public static SiblingSet bare(NodeId legacyActor, byte[] value, long expireAtMs) {
        Dot dot = new Dot(legacyActor, 1);
        return SiblingSet.of(VectorClock.of(Map.of(legacyActor, new VectorClock.Entry(1, 0))),
                List.of(Sibling.value(dot, value, HlcTimestamp.ZERO, expireAtMs)));
    }

    /**
     * The versions from metadata alone (a record the store removed on expiry): the elided value, if
     * any, comes back empty — fine for what identifies a version (clock, dots, HLCs), not for values.
     * A bare record has no metadata: its version is {@link #bare}.
     */
    public static SiblingSet decodeMeta(byte[] versionMeta) {
        if (versionMeta.length == 0) {
            throw new IllegalArgumentException("a bare record has no metadata to decode: its version is bare(...)");
        }
        return decode(versionMeta, Record.NO_META, Record.NO_EXPIRY);
    }

    /**
     * What a plain command sees: the LWW sibling if it is a live value at {@code nowMs}, as a record
     * carrying that sibling's value and expiry; null if the key reads as absent (tombstone, expired).
     */
    public static Record visible(Record stored, long nowMs) {
        byte[] meta = stored.versionMeta();
        if (meta.length == 0 || (meta[0] & SINGLE_LIVE) != 0) {
            return stored;
        }
        return decode(stored).visible(nowMs)
                .map(s -> new Record(s.value(), s.expireAtMs(), meta))
                .orElse(null);
    }

    private static SiblingSet decode(byte[] meta, byte[] value, long expireAtMs) {
        byte[] body = new byte[meta.length - 1];
        System.arraycopy(meta, 1, body, 0, body.length);
        return StoredSiblingCodec.decode(body, value);
    }

    private static long recordExpiry(List<Sibling> siblings, long tombstoneGraceMs) {
        long latest = 0;
        for (Sibling s : siblings) {
            long goneAtMs;
            if (s.tombstone()) {
                goneAtMs = s.hlc().physicalMs() + tombstoneGraceMs;
            } else if (s.expireAtMs() == Sibling.NO_EXPIRY) {
                return Record.NO_EXPIRY;
            } else {
                goneAtMs = s.expireAtMs();
            }
            latest = Math.max(latest, goneAtMs);
        }
        return Math.max(1, latest);
    }
}
