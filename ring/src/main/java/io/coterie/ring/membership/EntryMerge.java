package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The merge rules of gossip, as Cassandra's Gossiper.applyStateLocally: a higher generation wins outright; within a
 * generation each field takes its higher version; a tombstone beats every state of its own or an older generation.
 * Together they form a join semilattice (commutative, associative, idempotent), which the property tests check.
 */
public final class EntryMerge {

    private EntryMerge() {
    }

    /** The combined knowledge of two entries about the same node id. */
    public static EndpointEntry merge(EndpointEntry a, EndpointEntry b) {
        if (!a.id().equals(b.id())) {
            throw new IllegalArgumentException("cannot merge entries of different nodes " + a.id() + " and " + b.id());
        }
        if (a instanceof EndpointState x && b instanceof EndpointState y) {
            return mergeStates(x, y);
        }
        if (a instanceof Tombstone x && b instanceof Tombstone y) {
            return mergeTombstones(x, y);
        }
        if (a instanceof Tombstone t && b instanceof EndpointState s) {
            return tombstoneVersusState(t, s);
        }
        if (a instanceof EndpointState s && b instanceof Tombstone t) {
            return tombstoneVersusState(t, s);
        }
        throw new AssertionError("EndpointEntry is sealed to EndpointState and Tombstone");
    }

    /**
     * Two nodes' whole knowledge combined, id by id: what both will hold once gossip has carried every entry both ways.
     * Used by checkers (the simulated cluster, property tests) as the reference for convergence.
     */
    public static SortedMap<NodeId, EndpointEntry> mergeAll(Map<NodeId, ? extends EndpointEntry> a,
                                                            Map<NodeId, ? extends EndpointEntry> b) {
        SortedMap<NodeId, EndpointEntry> merged = new TreeMap<>(a);
        for (EndpointEntry entry : b.values()) {
            merged.merge(entry.id(), entry, EntryMerge::merge);
        }
        return merged;
    }

    private static EndpointEntry tombstoneVersusState(Tombstone t, EndpointState s) {
        // The forget names the generation it removed; only a later incarnation (a real restart) may come back.
        return s.generation() > t.generation() ? s : t;
    }

    private static Tombstone mergeTombstones(Tombstone x, Tombstone y) {
        if (x.generation() != y.generation()) {
            return x.generation() > y.generation() ? x : y;
        }
        // Two operators forgot the same incarnation: keep the later time so retention is the longer of the two.
        return x.forgottenAtMs() >= y.forgottenAtMs() ? x : y;
    }

    private static EndpointState mergeStates(EndpointState x, EndpointState y) {
        if (x.generation() != y.generation()) {
            return x.generation() > y.generation() ? x : y;
        }
        return new EndpointState(
                x.id(),
                x.generation(),
                Math.max(x.heartbeat(), y.heartbeat()),
                Versioned.newer(x.address(), y.address(), Comparator.naturalOrder()),
                Versioned.newer(x.status(), y.status(), Comparator.naturalOrder()),
                Versioned.newer(x.placement(), y.placement(), Comparator.naturalOrder()),
                Versioned.newer(x.suspicions(), y.suspicions(), Comparator.naturalOrder()));
    }
}
