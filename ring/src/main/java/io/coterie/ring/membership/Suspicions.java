package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The peers one observer currently suspects, each with the generation it suspects: a suspicion of an old incarnation
 * says nothing about the restarted one. Gossiped as a field of the observer's own endpoint state, which is how a
 * second, independent observer's opinion reaches everyone (the two-observer rule, {@link DownRule}).
 */
public record Suspicions(SortedMap<NodeId, Long> generations) implements Comparable<Suspicions> {

    private static final Suspicions NONE = new Suspicions(new TreeMap<>());

    public Suspicions {
        Objects.requireNonNull(generations, "generations");
        generations = Collections.unmodifiableSortedMap(new TreeMap<>(generations));
    }

    public static Suspicions none() {
        return NONE;
    }

    public static Suspicions of(Map<NodeId, Long> generations) {
        return new Suspicions(new TreeMap<>(generations));
    }

    public boolean suspects(NodeId peer, long generation) {
        Long suspected = generations.get(peer);
        return suspected != null && suspected == generation;
    }

    public int size() {
        return generations.size();
    }

    /** Lexicographic order over (id, generation) pairs: only a tie-break for corrupted equal-version fields. */
    @Override
    public int compareTo(Suspicions o) {
        Iterator<Map.Entry<NodeId, Long>> a = generations.entrySet().iterator();
        Iterator<Map.Entry<NodeId, Long>> b = o.generations.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<NodeId, Long> x = a.next();
            Map.Entry<NodeId, Long> y = b.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c == 0) {
                c = Long.compare(x.getValue(), y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }
}
