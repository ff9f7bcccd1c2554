package io.coterie.server.cluster.repair;

import io.coterie.ring.NodeId;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** One repair of this node against every peer that shares slots with it: per-peer reports and the peers that failed. */
public record RepairReport(List<PeerReport> peers, Map<NodeId, String> failures, long durationMs) {

    public RepairReport {
        peers = List.copyOf(peers);
        failures = Map.copyOf(failures);
    }

    public long total(ToLongFunction<PeerReport> field) {
        return peers.stream().mapToLong(field).sum();
    }
}
