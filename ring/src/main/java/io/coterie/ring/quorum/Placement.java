package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One request's view of where a key lives, taken from one topology snapshot when it starts: the
 * home replicas (the first N of the preference list, in order; {@code home.size()} is the
 * effective N), the fallbacks beyond them in ring order (Dynamo §4.6, sloppy quorum), and which
 * nodes the failure detector currently holds live.
 */
public record Placement(List<NodeId> home, List<NodeId> fallbacks, Set<NodeId> live) {

    public Placement {
        home = List.copyOf(home);
        fallbacks = List.copyOf(fallbacks);
        live = Set.copyOf(live);
        if (home.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one home replica");
        }
        Set<NodeId> seen = new HashSet<>();
        for (NodeId node : home) {
            if (!seen.add(node)) {
                throw new IllegalArgumentException("home replica " + node + " listed twice");
            }
        }
        for (NodeId node : fallbacks) {
            if (!seen.add(Objects.requireNonNull(node))) {
                throw new IllegalArgumentException("fallback " + node + " is also a home replica or listed twice");
            }
        }
    }

    /** The effective replication factor. */
    public int n() {
        return home.size();
    }

    public boolean isLive(NodeId node) {
        return live.contains(node);
    }

    public boolean isHome(NodeId node) {
        return home.contains(node);
    }

    /**
     * The node that coordinates a write to this key (SPEC section 2): the first live home replica,
     * so a key's successive writes extend one history; if every home replica is down, the first
     * live fallback (Dynamo §4.6). Empty if nobody is live. Other nodes forward the write there.
     */
    public Optional<NodeId> writeCoordinator() {
        return Stream.concat(home.stream(), fallbacks.stream()).filter(live::contains).findFirst();
    }

    long liveHomes() {
        return home.stream().filter(live::contains).count();
    }

    long liveFallbacks() {
        return fallbacks.stream().filter(live::contains).count();
    }
}
