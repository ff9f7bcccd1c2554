package io.coterie.compat.faults;

import io.coterie.sim.history.History;
import io.coterie.sim.history.Op;
import io.coterie.sim.history.Outcome;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulator's {@link History}, shared by the client threads: times are milliseconds since the run started
 * (monotonic), calls are serialised. Also remembers every key touched, for the final reads.
 */
final class SharedHistory {

    private final History history = new History();
    private final Set<String> keys = new TreeSet<>();
    private final long startNanos;

    SharedHistory(long startNanos) {
        this.startNanos = startNanos;
    }

    synchronized long invoke(int client, Op op) {
        keys.add(op.key());
        return history.invoke(client, op, nowMs());
    }

    synchronized void complete(long id, Outcome outcome) {
        history.complete(id, outcome, nowMs());
    }

    synchronized void finalRead(String key, List<String> values) {
        history.finalRead(key, values);
    }

    synchronized List<String> keys() {
        return List.copyOf(keys);
    }

    /** The history itself, once the clients have stopped. */
    synchronized History history() {
        return history;
    }

    long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
