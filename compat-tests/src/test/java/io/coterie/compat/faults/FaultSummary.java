package io.coterie.compat.faults;

import io.coterie.sim.history.Anomaly;
import io.coterie.sim.history.History;
import io.coterie.sim.history.Op;
import io.coterie.sim.history.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one fault-suite run did and found; {@link #toString()} is the summary the suite prints. */
record FaultSummary(String name, long seed, String network, String operations, int replicas, long faultSeconds,
                    long faultWallSeconds, Map<FaultKind, Integer> faults, Counts counts, List<Anomaly> anomalies, List<String> errors,
                    long runSeconds) {

    FaultSummary {
        faults = new EnumMap<>(faults);
        anomalies = List.copyOf(anomalies);
        errors = List.copyOf(errors);
    }

    /** Operations by type and outcome, and the commonest reasons operations failed or ended unknown. */
    record Counts(int operations, int readsOk, int readsNotOk, int writesAcked, int writesFailed, int writesUnknown,
                  int keys, Map<String, Integer> notOkReasons) {

        private static final int REASON_CHARS = 70;

        static Counts of(History history) {
            int readsOk = 0, readsNotOk = 0, acked = 0, failed = 0, unknown = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            for (History.Operation op : history.operations()) {
                Outcome o = op.outcome().orElse(null);
                String reason = o instanceof Outcome.Fail f ? "fail: " + f.reason()
                        : o instanceof Outcome.Unknown u ? "unknown: " + u.reason() : null;
                if (reason != null) {
                    reasons.merge(reason.substring(0, Math.min(REASON_CHARS, reason.length())), 1, Integer::sum);
                }
                if (op.op() instanceof Op.Read) {
                    if (o instanceof Outcome.ReadOk) {
                        readsOk++;
                    } else {
                        readsNotOk++;
                    }
                } else if (o instanceof Outcome.Ok) {
                    acked++;
                } else if (o instanceof Outcome.Fail) {
                    failed++;
                } else {
                    unknown++;
                }
            }
            return new Counts(history.size(), readsOk, readsNotOk, acked, failed, unknown, history.finalReads().size(),
                    reasons);
        }
    }

    int faultCount() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("[faults] ===== ").append(name).append(" seed ").append(seed).append(" =====\n");
        sb.append("[faults] network:    ").append(network).append('\n');
        sb.append("[faults] operations: ").append(operations).append(", replicas ").append(replicas).append('\n');
        sb.append("[faults] ran ").append(runSeconds).append(" s, faults planned for ").append(faultSeconds)
                .append(" s (took ").append(faultWallSeconds).append(" s with restarts): ")
                .append(faultCount()).append(" injected ").append(faults).append('\n');
        sb.append("[faults] ").append(counts.operations()).append(" operations: reads ").append(counts.readsOk())
                .append(" ok / ").append(counts.readsNotOk()).append(" failed or unknown; writes ")
                .append(counts.writesAcked()).append(" acknowledged / ").append(counts.writesFailed()).append(" failed / ")
                .append(counts.writesUnknown()).append(" unknown; ").append(counts.keys()).append(" keys read after heal\n");
        counts.notOkReasons().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                .forEach(e -> sb.append("[faults]   ").append(e.getValue()).append(" x ").append(e.getKey()).append('\n'));
        Map<Anomaly.Kind, Integer> byKind = new EnumMap<>(Anomaly.Kind.class);
        anomalies.forEach(a -> byKind.merge(a.kind(), 1, Integer::sum));
        sb.append("[faults] anomalies: ").append(anomalies.size()).append(' ').append(byKind).append('\n');
        anomalies.stream().limit(20).forEach(a -> sb.append("[faults]   ").append(a).append('\n'));
        if (anomalies.size() > 20) {
            sb.append("[faults]   ... and ").append(anomalies.size() - 20).append(" more\n");
        }
        errors.forEach(e -> sb.append("[faults] ERROR: ").append(e).append('\n'));
        sb.append("[faults] replay: mvn -B -pl compat-tests -am verify -Dit.test=FaultSuiteIT#" + name + " -Dtest=NONE "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dfaults.seed=").append(seed)
                .append(" -Dfaults.seconds=").append(faultSeconds);
        return sb.toString();
    }
}
