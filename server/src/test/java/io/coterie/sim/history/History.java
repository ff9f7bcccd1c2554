package io.coterie.sim.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What clients did and saw, in virtual time: each operation's invocation and completion, plus the final reads taken
 * after heal. Written by the clients, read by the {@link HistoryChecker}; it knows nothing of the system under test.
 */
public final class History {

    /** One operation; {@code outcome} is empty (and {@code completedAtMs} -1) if it never completed. */
    public record Operation(long id, int client, Op op, long invokedAtMs, Optional<Outcome> outcome, long completedAtMs) {
        public Operation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(outcome, "outcome");
        }

        /** Completed and acknowledged (writes and deletes). */
        public boolean acknowledged() {
            return outcome.isPresent() && outcome.get() instanceof Outcome.Ok;
        }

        /** The values a successful read saw, or empty if this is not one. */
        public Optional<List<String>> readValues() {
            return outcome.isPresent() && outcome.get() instanceof Outcome.ReadOk ok ? Optional.of(ok.values()) : Optional.empty();
        }

        @Override
        public String toString() {
            String what;
            if (op instanceof Op.Write w) {
                what = (w.overwrites() ? "set " : "write ") + w.key() + "=" + w.value()
                        + (w.overwrites() ? "" : context(w.contextFrom().isPresent() ? w.contextFrom().getAsLong() : -1));
            } else if (op instanceof Op.Delete d) {
                what = (d.overwrites() ? "del " + d.key()
                        : "delete " + d.key() + context(d.contextFrom().isPresent() ? d.contextFrom().getAsLong() : -1));
            } else if (op instanceof Op.Read r) {
                what = (r.allSiblings() ? "read " : "get ") + r.key();
            } else {
                throw new AssertionError("Op is sealed");
            }
            return "op#" + id + " (client " + client + ") " + what + " invoked at " + invokedAtMs + " ms, "
                    + outcome.map(o -> describe(o) + " at " + completedAtMs + " ms").orElse("never completed");
        }

        private static String context(long read) {
            return read < 0 ? " (blind)" : " (context of op#" + read + ")";
        }

        private static String describe(Outcome outcome) {
            if (outcome instanceof Outcome.Ok) {
                return "ok";
            } else if (outcome instanceof Outcome.ReadOk r) {
                return "saw " + r.values();
            } else if (outcome instanceof Outcome.Fail f) {
                return "failed (" + f.reason() + ")";
            } else if (outcome instanceof Outcome.Unknown u) {
                return "unknown (" + u.reason() + ")";
            }
            throw new AssertionError("Outcome is sealed");
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<Integer> clients = new ArrayList<>();
    private final List<Long> invokedAt = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Long> completedAt = new ArrayList<>();
    private final Map<String, List<String>> finalReads = new TreeMap<>();

    /** Records an invocation; returns the operation's id. */
    public long invoke(int client, Op op, long atMs) {
        ops.add(Objects.requireNonNull(op));
        clients.add(client);
        invokedAt.add(atMs);
        outcomes.add(null);
        completedAt.add(-1L);
        return ops.size() - 1;
    }

    public void complete(long id, Outcome outcome, long atMs) {
        int i = Math.toIntExact(id);
        if (outcomes.get(i) != null) {
            throw new IllegalStateException("op#" + id + " completed twice: " + outcomes.get(i) + ", then " + outcome);
        }
        boolean isRead = ops.get(i) instanceof Op.Read;
        if (outcome instanceof Outcome.ReadOk != isRead && !(outcome instanceof Outcome.Fail) && !(outcome instanceof Outcome.Unknown)) {
            throw new IllegalArgumentException("op#" + id + " " + ops.get(i) + " cannot end with " + outcome);
        }
        if (atMs < invokedAt.get(i)) {
            throw new IllegalArgumentException("op#" + id + " completed at " + atMs + " before its invocation at " + invokedAt.get(i));
        }
        outcomes.set(i, Objects.requireNonNull(outcome));
        completedAt.set(i, atMs);
    }

    /** What a read of {@code key} at ALL (VGET) showed after heal and repair. */
    public void finalRead(String key, List<String> values) {
        finalReads.put(key, List.copyOf(values));
    }

    public List<Operation> operations() {
        List<Operation> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            out.add(new Operation(i, clients.get(i), ops.get(i), invokedAt.get(i), Optional.ofNullable(outcomes.get(i)), completedAt.get(i)));
        }
        return out;
    }

    public Map<String, List<String>> finalReads() {
        return Collections.unmodifiableMap(finalReads);
    }

    public int size() {
        return ops.size();
    }

    /** Operations by "kind outcome" ({@code write ok}, {@code get readok}, {@code delete plain fail}, …), for summaries. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Operation op : operations()) {
            String kind = op.op() instanceof Op.Read r && !r.allSiblings() ? "get"
                    : op.op().getClass().getSimpleName().toLowerCase(Locale.ROOT) + (op.op().overwrites() ? " plain" : "");
            String outcome = op.outcome().map(o -> o.getClass().getSimpleName().toLowerCase(Locale.ROOT)).orElse("pending");
            counts.merge(kind + " " + outcome, 1L, Long::sum);
        }
        return counts;
    }
}
