package io.coterie.ring.repair;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The hash of a key's versions that replicas compare: its causal context (node, counter) and each sibling's
 * identity (dot, HLC, tombstone flag, expiry) — not the values. A dot names one write, minted once by its
 * coordinator, so equal dots mean equal values; leaving values out makes the hash cheap for large values and lets a
 * removal reported by expiry (whose value the store no longer has) subtract exactly what the write added.
 * Two replicas whose sets merge to the same state therefore hash the same, which is what "in sync" means.
 */
public final class VersionHash {

    private VersionHash() {
    }

    public static long of(SiblingSet set) {
        long h = RepairHash.seed(-1);
        for (Map.Entry<NodeId, VectorClock.Entry> e : set.context().entries().entrySet()) {
            h = RepairHash.combine(RepairHash.combine(h, node(e.getKey())), e.getValue().counter());
        }
        h = RepairHash.combine(h, set.siblings().size());
        for (Sibling s : set.siblings()) {
            h = RepairHash.combine(h, node(s.dot().node()));
            h = RepairHash.combine(h, s.dot().counter());
            h = RepairHash.combine(h, s.hlc().encoded());
            h = RepairHash.combine(h, s.tombstone() ? -1 : s.expireAtMs());
        }
        return h;
    }

    private static long node(NodeId id) {
        return RepairHash.of(id.value().getBytes(StandardCharsets.US_ASCII));
    }
}
