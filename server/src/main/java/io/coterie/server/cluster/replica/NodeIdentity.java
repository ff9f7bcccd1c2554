package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import io.coterie.server.cluster.runtime.ClusterState;
import io.coterie.server.cluster.runtime.ClusterStateFile;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/**
 * This node's permanent id, needed before the cluster starts: every version the store mints names
 * it. Read from {@code cluster-state.conf} in the data directory, or chosen and saved there on first
 * start, so the cluster runtime that later reads the same file agrees.
 */
public final class NodeIdentity {

    private NodeIdentity() {
    }

    public static NodeId loadOrCreate(Path dataDir) {
        ClusterStateFile file = new ClusterStateFile(dataDir);
        return file.read().map(ClusterState::id).orElseGet(() -> {
            NodeId id = NodeId.random(new SplittableRandom(new SecureRandom().nextLong()));
            file.write(new ClusterState(id, false, List.of()));
            return id;
        });
    }
}
