package io.coterie.sim.toykv;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One key's replicated state with explicit causal contexts: the live siblings by dot, and every dot they superseded.
 * A write with context C replaces exactly the siblings named in C; merge is a union minus what either side superseded,
 * so it is a join (commutative, associative, idempotent) and concurrent writes survive as siblings. Unbounded, which
 * is fine for a toy that lives for one simulated minute; the real store bounds it with dotted version vectors.
 *
 * <p>With {@code lastWriteWins} the merge keeps only the sibling with the highest (timestamp, dot): the classic bug
 * that silently drops concurrent writes.
 */
record ToyState(NavigableMap<Dot, Sibling> siblings, NavigableSet<Dot> superseded) {

    /** A value, or a tombstone (value empty), stamped with its coordinator's wall clock for last-write-wins. */
    record Sibling(Optional<String> value, long timestampMs) {
        Sibling {
            Objects.requireNonNull(value, "value");
        }
    }

    ToyState {
        siblings = Collections.unmodifiableNavigableMap(new TreeMap<>(siblings));
        superseded = Collections.unmodifiableNavigableSet(new TreeSet<>(superseded));
    }

    static ToyState empty() {
        return new ToyState(new TreeMap<>(), new TreeSet<>());
    }

    ToyState write(Dot dot, Optional<String> value, Set<Dot> context, long timestampMs, boolean lastWriteWins) {
        NavigableSet<Dot> past = new TreeSet<>(superseded);
        past.addAll(context);
        NavigableMap<Dot, Sibling> next = new TreeMap<>(siblings);
        next.keySet().removeAll(context);
        next.put(dot, new Sibling(value, timestampMs));
        return new ToyState(next, past).resolve(lastWriteWins);
    }

    ToyState merge(ToyState other, boolean lastWriteWins) {
        NavigableSet<Dot> past = new TreeSet<>(superseded);
        past.addAll(other.superseded);
        NavigableMap<Dot, Sibling> next = new TreeMap<>(siblings);
        next.putAll(other.siblings);
        next.keySet().removeAll(past);
        return new ToyState(next, past).resolve(lastWriteWins);
    }

    /** The values a VGET shows (tombstones hidden). */
    List<String> values() {
        return siblings.values().stream().flatMap(s -> s.value().stream()).toList();
    }

    /** What a client passes back to supersede what it saw: every live sibling, tombstones included. */
    Set<Dot> context() {
        return siblings.keySet();
    }

    private ToyState resolve(boolean lastWriteWins) {
        if (!lastWriteWins || siblings.size() <= 1) {
            return this;
        }
        Map.Entry<Dot, Sibling> winner = null;
        for (Map.Entry<Dot, Sibling> e : siblings.entrySet()) {
            if (winner == null || e.getValue().timestampMs() > winner.getValue().timestampMs()
                    || (e.getValue().timestampMs() == winner.getValue().timestampMs() && e.getKey().compareTo(winner.getKey()) > 0)) {
                winner = e;
            }
        }
        NavigableSet<Dot> past = new TreeSet<>(superseded);
        past.addAll(siblings.keySet());
        past.remove(winner.getKey());
        return new ToyState(new TreeMap<>(Map.of(winner.getKey(), winner.getValue())), past);
    }
}
