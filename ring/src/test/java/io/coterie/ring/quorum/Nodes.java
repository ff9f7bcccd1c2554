package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Test fixtures: node ids and placements. */
final class Nodes {

    private Nodes() {
    }

    static NodeId node(int i) {
        return new NodeId(String.format("%040x", i));
    }

    /** Nodes first..first+count-1. */
    static List<NodeId> nodes(int first, int count) {
        List<NodeId> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(node(first + i));
        }
        return out;
    }

    /** N home replicas 1..n, fallbacks 101..100+f, live as given. */
    static Placement placement(int n, int f, Set<NodeId> live) {
        return new Placement(nodes(1, n), nodes(101, f), live);
    }

    /** Everyone live. */
    static Placement allLive(int n, int f) {
        Set<NodeId> live = new java.util.HashSet<>(nodes(1, n));
        live.addAll(nodes(101, f));
        return new Placement(nodes(1, n), nodes(101, f), live);
    }
}
