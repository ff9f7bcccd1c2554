package io.coterie.sim.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Checks a key-value {@link History} against what SPEC section 6 promises, using nothing but the history (Jepsen's
 * separation: the checker never looks inside the system it judges).
 *
 * <p>Causality comes from the clients: a write or delete that passed the context of read r supersedes every value r
 * saw, and transitively what those superseded. "Written causally after w" is therefore the set of writes reachable
 * from w through such contexts. A delete is invisible to reads (a tombstone shows as absence), so a delete in w's
 * causal future excuses w's absence.
 *
 * <ul>
 *   <li>(a) no acknowledged write lost: after heal the final read of its key shows it or something causally after it;
 *       reported as SIBLING_DROPPED when a concurrent acknowledged write over the same context survived instead
 *       (last-write-wins, or per-node clocks that cannot tell the two apart), else as LOST_WRITE;</li>
 *   <li>(b) with {@code quorumReadsSeeAckedWrites} (R+W>N, sloppy quorum off): every read shows every write acknowledged
 *       before it started, or something causally after it, and nothing a delete acknowledged before it superseded;</li>
 *   <li>(c) no sibling silently dropped: part of (a), since each of two concurrent acknowledged writes must survive
 *       unless a later write resolved it;</li>
 *   <li>(d) nothing superseded by an acknowledged delete or overwrite is visible after heal (no resurrection);</li>
 *   <li>reads only see values that were written, and not before the write was invoked.</li>
 * </ul>
 * Plain SET and DEL ({@link Op#overwrites()}) supersede what their coordinator held, which no client saw: any of them
 * that ended after w was invoked may be in w's causal future (a weaker check on keys that take them, still sound).
 * A GET ({@code Read.allSiblings() == false}) shows one sibling: for it (b) only checks that it shows nothing an
 * acknowledged write had superseded, and that it is not empty unless a delete had been invoked.
 */
public final class HistoryChecker {

    /**
     * @param quorumReadsSeeAckedWrites R+W>N with sloppy quorum off: check (b)
     * @param intersects                for (b): whether this write's level and this read's level intersect (W+R>N);
     *                                  always, when every operation runs at the same levels
     */
    public record Config(boolean quorumReadsSeeAckedWrites, BiPredicate<History.Operation, History.Operation> intersects) {

        public Config(boolean quorumReadsSeeAckedWrites) {
            this(quorumReadsSeeAckedWrites, (write, read) -> true);
        }
    }

    private HistoryChecker() {
    }

    public static List<Anomaly> check(History history, Config config) {
        Map<String, List<History.Operation>> byKey = new TreeMap<>();
        List<History.Operation> all = history.operations();
        for (History.Operation op : all) {
            byKey.computeIfAbsent(op.op().key(), k -> new ArrayList<>()).add(op);
        }
        List<Anomaly> anomalies = new ArrayList<>();
        for (Map.Entry<String, List<History.Operation>> e : byKey.entrySet()) {
            new KeyCheck(e.getKey(), e.getValue(), all, history.finalReads().get(e.getKey()), config, anomalies).run();
        }
        return anomalies;
    }

    /** Everything about one key. */
    private static final class KeyCheck {
        private final String key;
        private final List<History.Operation> ops;
        private final List<History.Operation> everyOp;
        private final List<String> finalValues;
        private final Config config;
        private final List<Anomaly> out;
        private final Map<String, History.Operation> writerOf = new HashMap<>();
        /** For each write or delete, the writes and deletes that passed a context covering it. */
        private final Map<Long, List<History.Operation>> successors = new HashMap<>();
        /** For each write or delete, the values its context covered. */
        private final Map<Long, Set<String>> supersededValues = new HashMap<>();
        /** Memoised closures: histories of the coordinator workload have thousands of operations per key. */
        private final Map<Long, Set<History.Operation>> futures = new HashMap<>();
        private final Map<Long, Set<String>> pasts = new HashMap<>();
        /** Plain SETs and DELs, whatever their outcome: each may have superseded anything written before it ended. */
        private final List<History.Operation> overwrites = new ArrayList<>();

        KeyCheck(String key, List<History.Operation> ops, List<History.Operation> everyOp, List<String> finalValues,
                 Config config, List<Anomaly> out) {
            this.key = key;
            this.ops = ops;
            this.everyOp = everyOp;
            this.finalValues = finalValues;
            this.config = config;
            this.out = out;
        }

        void run() {
            if (!index()) {
                return;
            }
            checkReadsSawOnlyWrittenValues();
            if (finalValues == null) {
                if (ops.stream().anyMatch(op -> !(op.op() instanceof Op.Read) && op.acknowledged())) {
                    report(Anomaly.Kind.MALFORMED_HISTORY, "acknowledged writes but no final read of the key");
                }
                return;
            }
            checkAcknowledgedWritesSurvive();
            checkNothingSupersededResurrects();
            if (config.quorumReadsSeeAckedWrites()) {
                checkQuorumReads();
            }
        }

        /** Builds value → writer and the supersession edges; false if the history is malformed. */
        private boolean index() {
            boolean ok = true;
            for (History.Operation op : ops) {
                if (op.op() instanceof Op.Write w && writerOf.put(w.value(), op) != null) {
                    report(Anomaly.Kind.MALFORMED_HISTORY, "value " + w.value() + " written twice; values must be unique");
                    ok = false;
                }
            }
            for (History.Operation op : ops) {
                if (op.op().overwrites()) {
                    overwrites.add(op);
                }
                if (op.op() instanceof Op.Read || op.op().contextFrom().isEmpty()) {
                    continue;
                }
                long readId = op.op().contextFrom().getAsLong();
                History.Operation read = readId >= 0 && readId < everyOp.size() ? everyOp.get((int) readId) : null;
                if (read == null || !(read.op() instanceof Op.Read) || !read.op().key().equals(key)
                        || !((Op.Read) read.op()).allSiblings()
                || read.readValues().isEmpty() || read.completedAtMs() > op.invokedAtMs()) {
                    report(Anomaly.Kind.MALFORMED_HISTORY, op + " uses a context that is not from an earlier successful read of " + key);
                    ok = false;
                    continue;
                }
                Set<String> covered = new LinkedHashSet<>(read.readValues().get());
                supersededValues.put(op.id(), covered);
                for (String value : covered) {
                    History.Operation writer = writerOf.get(value);
                    if (writer != null) {
                        successors.computeIfAbsent(writer.id(), k -> new ArrayList<>()).add(op);
                    }
                }
            }
            return ok;
        }

        private void checkReadsSawOnlyWrittenValues() {
            List<History.Operation> reads = new ArrayList<>();
            for (History.Operation op : ops) {
                op.readValues().ifPresent(values -> reads.add(op));
            }
            for (History.Operation read : reads) {
                for (String value : read.readValues().get()) {
                    History.Operation writer = writerOf.get(value);
                    if (writer == null) {
                        report(Anomaly.Kind.PHANTOM_VALUE, read + " saw " + value + ", which nobody wrote");
                    } else if (read.completedAtMs() < writer.invokedAtMs()) {
                        report(Anomaly.Kind.PHANTOM_VALUE, read + " saw " + value + " before " + writer + " was invoked");
                    }
                }
            }
            if (finalValues != null) {
                for (String value : finalValues) {
                    if (!writerOf.containsKey(value)) {
                        report(Anomaly.Kind.PHANTOM_VALUE, "the final read shows " + value + ", which nobody wrote");
                    }
                }
            }
        }

        private void checkAcknowledgedWritesSurvive() {
            Set<String> visible = new HashSet<>(finalValues);
            List<History.Operation> acked = new ArrayList<>();
            for (History.Operation op : ops) {
                if (op.op() instanceof Op.Write && op.acknowledged()) {
                    acked.add(op);
                }
            }
            for (History.Operation w : acked) {
                Set<History.Operation> future = causalFuture(w);
                if (survives(future, visible)) {
                    continue;
                }
                History.Operation winner = null;
                for (History.Operation other : acked) {
                    if (other != w && sameContext(w, other) && !future.contains(other) && !causalFuture(other).contains(w)
                            && survives(causalFuture(other), visible)) {
                        winner = other;
                        break;
                    }
                }
                if (winner != null) {
                    report(Anomaly.Kind.SIBLING_DROPPED, "acknowledged " + w + " and acknowledged " + winner
                            + " were written over the same context " + supersededValues.getOrDefault(w.id(), Set.of())
                            + ", so both must survive as siblings, but only the latter's line is in the final read " + finalValues
                            + ": a sibling was silently dropped (last-write-wins?)");
                } else {
                    report(Anomaly.Kind.LOST_WRITE, "acknowledged " + w + " is lost: the final read " + finalValues
                            + " shows neither it nor anything written causally after it");
                }
            }
        }

        private void checkNothingSupersededResurrects() {
            for (History.Operation op : ops) {
                if (op.op() instanceof Op.Read || !op.acknowledged()) {
                    continue;
                }
                // An overwrite that is itself lost is reported as such; its superseded value showing is the same fault.
                if (op.op() instanceof Op.Write && !survives(causalFuture(op), new HashSet<>(finalValues))) {
                    continue;
                }
                for (String value : causalPast(op)) {
                    if (finalValues.contains(value)) {
                        String what = op.op() instanceof Op.Delete ? "deleted" : "overwritten";
                        report(Anomaly.Kind.RESURRECTED, "the final read " + finalValues + " shows " + value + ", which acknowledged "
                                + op + " had " + what + (op.op() instanceof Op.Delete ? " (a resurrected tombstone)" : ""));
                    }
                }
            }
        }

        private void checkQuorumReads() {
            for (History.Operation read : ops) {
                if (read.readValues().isEmpty()) {
                    continue;
                }
                Set<String> seen = new HashSet<>(read.readValues().get());
                boolean allSiblings = ((Op.Read) read.op()).allSiblings();
                for (History.Operation w : ops) {
                    if (w.op() instanceof Op.Read || !w.acknowledged() || w.completedAtMs() >= read.invokedAtMs()
                            || !config.intersects().test(w, read)) {
                        continue;
                    }
                    if (!allSiblings) {
                        // GET shows one sibling: it may hide w behind a concurrent one, but nothing at all only when
                        // the last-writer-wins sibling is a tombstone, which takes a delete invoked before it answered.
                        if (w.op() instanceof Op.Write && seen.isEmpty() && !deleteInvokedBefore(read.completedAtMs())) {
                            report(Anomaly.Kind.STALE_READ, read + " saw nothing, though " + w
                                    + " was acknowledged before it started and no delete had been invoked");
                        }
                    } else if (w.op() instanceof Op.Write && !survives(causalFuture(w), seen, read.completedAtMs())) {
                        report(Anomaly.Kind.STALE_READ, read + " missed " + w
                                + ", acknowledged before the read started, and everything written causally after it");
                    }
                    for (String value : causalPast(w)) {
                        if (seen.contains(value)) {
                            report(Anomaly.Kind.STALE_READ, read + " saw " + value + ", which " + w
                                    + " had superseded before the read started");
                        }
                    }
                }
            }
        }

        private boolean deleteInvokedBefore(long atMs) {
            for (History.Operation op : ops) {
                if (op.op() instanceof Op.Delete && op.invokedAtMs() < atMs) {
                    return true;
                }
            }
            return false;
        }

        /** Both passed contexts covering the same values (both blind, or both from reads that saw the same siblings). */
        private boolean sameContext(History.Operation a, History.Operation b) {
            return !a.op().overwrites() && !b.op().overwrites() && supersededValues.getOrDefault(a.id(), Set.of()).equals(supersededValues.getOrDefault(b.id(), Set.of()));
        }

        /** w and every write or delete reachable from it through contexts. */
        private Set<History.Operation> causalFuture(History.Operation w) {
            return futures.computeIfAbsent(w.id(), id -> computeFuture(w));
        }

        private Set<History.Operation> computeFuture(History.Operation w) {
            Set<History.Operation> seen = new LinkedHashSet<>();
            Deque<History.Operation> todo = new ArrayDeque<>();
            todo.add(w);
            while (!todo.isEmpty()) {
                History.Operation op = todo.poll();
                if (seen.add(op)) {
                    todo.addAll(successors.getOrDefault(op.id(), List.of()));
                    for (History.Operation x : overwrites) {
                        // A reply fixes when it ran; an unknown one may still run later (a paused node's backlog).
                        long endedAtMs = x.outcome().isPresent() && !(x.outcome().get() instanceof Outcome.Unknown)
                                ? x.completedAtMs() : Long.MAX_VALUE;
                        if (x != op && endedAtMs > op.invokedAtMs()) {
                            todo.add(x); // its coordinator may have held op's value
                        }
                    }
                }
            }
            return seen;
        }

        /** Every value op's context covered, directly or through the contexts of the writes of those values. */
        private Set<String> causalPast(History.Operation op) {
            return pasts.computeIfAbsent(op.id(), id -> computePast(op));
        }

        private Set<String> computePast(History.Operation op) {
            Set<String> past = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(supersededValues.getOrDefault(op.id(), Set.of()));
            while (!todo.isEmpty()) {
                String value = todo.poll();
                if (past.add(value)) {
                    History.Operation writer = writerOf.get(value);
                    if (writer != null) {
                        todo.addAll(supersededValues.getOrDefault(writer.id(), Set.of()));
                    }
                }
            }
            return past;
        }

        /** Some value in the causal future is visible, or a delete in it explains the absence. */
        private static boolean survives(Set<History.Operation> future, Set<String> visible) {
            return survives(future, visible, Long.MAX_VALUE);
        }

        /** As {@link #survives(Set, Set)} for a read that ended at {@code readEndMs}: a later delete explains nothing. */
        private static boolean survives(Set<History.Operation> future, Set<String> visible, long readEndMs) {
            for (History.Operation op : future) {
                if ((op.op() instanceof Op.Delete && op.invokedAtMs() < readEndMs)
                        || (op.op() instanceof Op.Write w && visible.contains(w.value()))) {
                    return true;
                }
            }
            return false;
        }

        private void report(Anomaly.Kind kind, String message) {
            out.add(new Anomaly(kind, key, message));
        }
    }
}
