package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.SiblingSet;

/**
 * The version rules of the write path (SPEC section 2, "Versions"; Dynamo §4.4 with dotted version
 * vectors). Pure functions over {@link SiblingSet}:
 * <ul>
 *   <li>the coordinator turns a client write into a new version against its own local state —
 *       the only place a dot is minted, which is why writes go to one coordinator per key;</li>
 *   <li>every replica, the coordinator included when it receives a write from elsewhere, merges
 *       what arrives and never overwrites: replication, hints, read repair and anti-entropy may
 *       deliver an older state after a newer one, and a merge keeps the newer;</li>
 *   <li>a record made only of tombstones is dropped after the grace period, and only once every
 *       replica has it — otherwise a replica that missed the delete would resurrect the value
 *       through the next read repair or anti-entropy pass.</li>
 * </ul>
 */
public final class Versions {

    private Versions() {
    }

    /**
     * The coordinator's step: {@code local} is what it stores for the key; the result is what it
     * stores and replicates. Plain SET/DEL use {@code local.context()} — overwrite exactly what this
     * coordinator has seen; VSET/VDEL use the client's context, so a concurrent version the client
     * did not see stays as a sibling.
     */
    public static SiblingSet coordinate(SiblingSet local, ClientWrite write, NodeId coordinator, HlcTimestamp hlc, long nowMs) {
        if (write instanceof ClientWrite.Set s) {
            return local.write(local.context(), coordinator, s.value(), hlc, s.expireAtMs(), nowMs);
        } else if (write instanceof ClientWrite.VSet v) {
            return local.write(v.context(), coordinator, v.value(), hlc, v.expireAtMs(), nowMs);
        } else if (write instanceof ClientWrite.Del) {
            return local.delete(local.context(), coordinator, hlc, nowMs);
        } else if (write instanceof ClientWrite.VDel d) {
            return local.delete(d.context(), coordinator, hlc, nowMs);
        }
        throw new AssertionError(write);
    }

    /** A replica's step for anything that arrives (replicated write, hint, read repair, anti-entropy). */
    public static SiblingSet receive(SiblingSet local, SiblingSet incoming) {
        return local.merge(incoming);
    }

    /**
     * Whether the record may be dropped from storage.
     *
     * @param graceMs             {@code tombstone-grace-seconds} in milliseconds
     * @param allReplicasHaveIt   every home replica has acknowledged this state (from the write's
     *                            acks, a read that saw it on all N, or a Merkle pass that matched)
     */
    public static boolean collectable(SiblingSet set, long nowMs, long graceMs, boolean allReplicasHaveIt) {
        return allReplicasHaveIt && set.collectable(nowMs, graceMs);
    }
}
